// The chart drawers added for the Charts section: heat maps (cells, colour ramp, printed values), scatter plots,
// round axis ticks, bar-chart headers and grid-style line charts.
#include <catch2/catch.hpp>

#include <cmath>
#include <regex>

#include "svg.h"
#include "svg_layout.h"

using namespace persona::reports;

namespace {

size_t count(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
    return n;
}

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

// Fill colour and printed text of each heat-map cell, in document order.
std::vector<std::pair<std::string, std::string>> cells(const std::string& svg) {
    static const std::regex cell(R"re(<rect class="cell"[^>]* fill="([^"]*)"/><text[^>]*>([^<]*)</text>)re");
    std::vector<std::pair<std::string, std::string>> out;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), cell); it != std::sregex_iterator(); ++it)
        out.emplace_back((*it)[1], (*it)[2]);
    return out;
}

}  // namespace

TEST_CASE("nice ticks are round steps covering the range") {
    AxisTicks a = nice_ticks(0.2, 2.5);  // step 2.3 / 5 = 0.46 -> 0.5
    CHECK(a.lo == 0);
    CHECK(a.hi == Approx(2.5));
    REQUIRE(a.ticks.size() == 6);
    CHECK(a.ticks[3] == Approx(1.5));
    a = nice_ticks(3, 97);  // 94 / 5 = 18.8 -> 20: 0, 20, ..., 100
    CHECK(a.lo == 0);
    CHECK(a.hi == 100);
    CHECK(a.ticks.size() == 6);
    a = nice_ticks(-3, 3);  // 6 / 5 = 1.2 -> 2: -4 .. 4
    CHECK(a.lo == -4);
    CHECK(a.hi == 4);
    a = nice_ticks(5, 5);  // flat: widened to 4.5 .. 5.5, step 0.2
    CHECK(a.lo == Approx(4.4));
    CHECK(a.hi == Approx(5.6));
    a = nice_ticks(INFINITY, -INFINITY);  // no data
    CHECK(a.lo == 0);
    CHECK(a.hi == 1);
}

TEST_CASE("a heat map has one cell per (row, column), coloured light to dark, printing its value") {
    std::string svg;
    HeatmapStyle style;
    style.title = "RFM";
    style.x_label = "r_score";
    style.y_label = "fm_score";
    style.value_label = "users";
    append_heatmap(svg, {"1", "2", "3"}, {"1", "2"}, {0, 5, 10, 2.5, NAN, 7.5}, style);
    const auto c = cells(svg);
    REQUIRE(c.size() == 6);
    CHECK(c[0] == std::make_pair(std::string("#f0f4f8"), std::string("0")));    // the smallest: lightest
    CHECK(c[2] == std::make_pair(std::string("#1d4f8c"), std::string("10")));   // the largest: darkest
    CHECK(c[1].first == "#87a2c2");  // halfway: (240 + 29) / 2 = 134.5 -> 135 = 87, (244 + 79) / 2 -> a2, (248 + 140) / 2 = c2
    CHECK(c[4] == std::make_pair(std::string("#f5f7fa"), std::string("\xE2\x80\x93")));  // no data
    CHECK(c[5].second == "7.5");
    // Dark cells print white text.
    CHECK(contains(svg, "fill=\"#1d4f8c\"/><text x=\"") );
    CHECK(std::regex_search(svg, std::regex(R"re(fill="#1d4f8c"/><text [^>]*fill="#ffffff">10<)re")));
    CHECK(contains(svg, ">r_score</text>"));
    CHECK(contains(svg, ">fm_score</text>"));
    CHECK(contains(svg, ">users</text>"));
    CHECK(contains(svg, "aria-label=\"RFM\""));
    CHECK(count(svg, "<rect") == 6 + 5);  // cells and the five legend swatches
}

TEST_CASE("a heat map escapes labels and cuts long column labels with the full text on hover") {
    std::string svg;
    append_heatmap(svg, {"<a>", "a_very_long_category_name"}, {"x&y"}, {1, 2}, {});
    CHECK_FALSE(contains(svg, "<a>"));
    CHECK(contains(svg, ">&lt;a&gt;</text>"));
    CHECK(contains(svg, ">x&amp;y</text>"));
    CHECK(contains(svg, "<title>a_very_long_category_name</title>"));
    std::string again;
    append_heatmap(again, {"<a>", "a_very_long_category_name"}, {"x&y"}, {1, 2}, {});
    CHECK(svg == again);
}

TEST_CASE("a scatter plot draws one dot per finite pair, on linear axes") {
    std::string svg;
    ScatterStyle style;
    style.x_label = "predicted";
    style.y_label = "actual";
    append_scatter_chart(svg, {0, 1, 2, NAN, 4}, {0, 10, 20, 5, 40}, style);
    static const std::regex dot(R"re(<circle class="point" cx="([-0-9.]+)" cy="([-0-9.]+)" r="2.5" fill="#2f6db5" fill-opacity="0.6">)re");
    std::vector<std::pair<double, double>> points;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), dot); it != std::sregex_iterator(); ++it)
        points.emplace_back(std::stod((*it)[1]), std::stod((*it)[2]));
    REQUIRE(points.size() == 4);
    // y = 10 x: equal steps in x and y between consecutive points 0, 1, 2 and a double step to 4.
    CHECK(points[1].first - points[0].first == Approx(points[2].first - points[1].first).margin(0.2));
    CHECK(points[3].first - points[2].first == Approx(2 * (points[2].first - points[1].first)).margin(0.2));
    CHECK(points[0].second - points[1].second == Approx(points[1].second - points[2].second).margin(0.2));
    CHECK(points[0].second > points[3].second);  // larger y higher up
    CHECK(contains(svg, ">predicted</text>"));
    CHECK(contains(svg, ">actual</text>"));
    CHECK(contains(svg, ">40</text>"));  // y ticks 0 .. 40 by 10
    CHECK_FALSE(contains(svg, "y = x"));
}

TEST_CASE("a diagonal scatter plot shares one range on both axes and draws y = x corner to corner") {
    std::string svg;
    ScatterStyle style;
    style.diagonal = true;
    append_scatter_chart(svg, {1, 3}, {2, 4}, style);
    CHECK(contains(svg, ">y = x</text>"));
    static const std::regex diagonal(R"re(<line x1="([-0-9.]+)" y1="([-0-9.]+)" x2="([-0-9.]+)" y2="([-0-9.]+)" stroke="#c0392b"/>)re");
    std::smatch m;
    REQUIRE(std::regex_search(svg, m, diagonal));
    static const std::regex dot(R"re(<circle class="point" cx="([-0-9.]+)" cy="([-0-9.]+)")re");
    std::vector<std::pair<double, double>> points;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), dot); it != std::sregex_iterator(); ++it)
        points.emplace_back(std::stod((*it)[1]), std::stod((*it)[2]));
    REQUIRE(points.size() == 2);
    // (1, 2) and (3, 4) lie one unit above y = x: the same vertical offset from the diagonal at their x.
    const double x1 = std::stod(m[1]), y1 = std::stod(m[2]), x2 = std::stod(m[3]), y2 = std::stod(m[4]);
    auto diagonal_y = [&](double px) { return y1 + (px - x1) / (x2 - x1) * (y2 - y1); };
    CHECK(diagonal_y(points[0].first) - points[0].second == Approx(diagonal_y(points[1].first) - points[1].second).margin(0.2));
    CHECK(diagonal_y(points[0].first) > points[0].second);  // above the line
}

TEST_CASE("bar-chart headers name the label and value columns") {
    std::string svg;
    BarChartStyle style;
    style.label_header = "segment";
    style.value_header = "users";
    append_bar_chart(svg, {{"a", 1}, {"b", 2}}, style);
    CHECK(contains(svg, "text-anchor=\"end\" fill=\"#616e7c\">segment</text>"));
    CHECK(contains(svg, "fill=\"#616e7c\">users</text>"));
    std::string plain;
    append_bar_chart(plain, {{"a", 1}, {"b", 2}}, {});
    CHECK_FALSE(contains(plain, "#616e7c"));
}

TEST_CASE("a grid line chart labels round ticks and marks every point") {
    std::string svg;
    LineChartStyle style;
    style.grid = true;
    style.x_label = "frequency";
    append_line_chart(svg, {0, 1, 2, 3}, {{"actual", {0.1, 0.9, 1.7, 2.2}, false}}, style);
    for (const char* tick : {">0</text>", ">0.5</text>", ">1</text>", ">1.5</text>", ">2</text>", ">2.5</text>"})
        CHECK(contains(svg, tick));
    CHECK(count(svg, "<circle") == 4);
    CHECK(contains(svg, ">frequency</text>"));
    CHECK(count(svg, "<polyline") == 1);
}
