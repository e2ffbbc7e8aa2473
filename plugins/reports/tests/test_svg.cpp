// The SVG charts: bar charts (one bar per finite value, lengths proportional to the values, escaped labels) and
// line charts (one polyline per run of finite points, two axes, deterministic bytes).
#include <catch2/catch.hpp>

#include <cmath>
#include <regex>

#include "svg.h"

using namespace persona::reports;

namespace {

// The x and width of every <rect class="bar">, in document order.
std::vector<std::pair<double, double>> bar_geometry(const std::string& svg) {
    static const std::regex bar(R"re(<rect class="bar" x="([-0-9.]+)" y="[-0-9.]+" width="([-0-9.]+)")re");
    std::vector<std::pair<double, double>> bars;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), bar); it != std::sregex_iterator(); ++it)
        bars.emplace_back(std::stod((*it)[1]), std::stod((*it)[2]));
    return bars;
}

// The points of every <polyline>, in document order.
std::vector<std::vector<std::pair<double, double>>> polylines(const std::string& svg) {
    static const std::regex line(R"re(<polyline class="series" points="([-0-9., ]+)")re");
    static const std::regex point(R"re(([-0-9.]+),([-0-9.]+))re");
    std::vector<std::vector<std::pair<double, double>>> lines;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), line); it != std::sregex_iterator(); ++it) {
        const std::string points = (*it)[1];
        lines.emplace_back();
        for (auto p = std::sregex_iterator(points.begin(), points.end(), point); p != std::sregex_iterator(); ++p)
            lines.back().emplace_back(std::stod((*p)[1]), std::stod((*p)[2]));
    }
    return lines;
}

size_t count(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
    return n;
}

std::string chart(const std::vector<Bar>& bars, const std::string& title = "ndcg") {
    std::string out;
    BarChartStyle style;
    style.title = title;
    append_bar_chart(out, bars, style);
    return out;
}

}  // namespace

TEST_CASE("a bar chart has one bar per value, proportional and starting at the same zero line") {
    std::string svg = chart({{"pop", 0.1}, {"knn", 0.2}, {"mf", 0.4}});
    CHECK(svg.rfind("<svg ", 0) == 0);
    CHECK(svg.substr(svg.size() - 6) == "</svg>");
    auto bars = bar_geometry(svg);
    REQUIRE(bars.size() == 3);
    CHECK(bars[0].first == bars[1].first);
    CHECK(bars[1].first == bars[2].first);
    CHECK(bars[1].second == Approx(2 * bars[0].second).margin(0.2));
    CHECK(bars[2].second == Approx(4 * bars[0].second).margin(0.2));
    CHECK(svg.find(">pop</text>") != std::string::npos);
    CHECK(svg.find(">0.4</text>") != std::string::npos);
    CHECK(svg.find(">ndcg</text>") != std::string::npos);
}

TEST_CASE("a missing value gets a label and a dash but no bar") {
    std::string svg = chart({{"pop", 0.1}, {"broken", NAN}});
    CHECK(bar_geometry(svg).size() == 1);
    CHECK(svg.find(">broken</text>") != std::string::npos);
    CHECK(svg.find(">\xE2\x80\x93</text>") != std::string::npos);
}

TEST_CASE("negative values draw left of the zero line") {
    std::string svg = chart({{"gain", 1.0}, {"loss", -1.0}});
    auto bars = bar_geometry(svg);
    REQUIRE(bars.size() == 2);
    CHECK(bars[1].first + bars[1].second == Approx(bars[0].first).margin(0.2));
    CHECK(bars[0].second == Approx(bars[1].second).margin(0.2));
}

TEST_CASE("the emphasised bar gets the strong colour and a bold value") {
    std::string svg = chart({{"pop", 0.1}, {"knn", 0.2, true}});
    CHECK(svg.find("fill=\"#2f6db5\"/>") != std::string::npos);
    CHECK(svg.find("font-weight=\"bold\" fill=\"#1f2933\">0.2</text>") != std::string::npos);
}

TEST_CASE("labels and titles are escaped; long labels are cut with the full text on hover") {
    std::string long_label = "a_really_long_model_step_identifier_here";
    std::string svg = chart({{"<b>", 1.0}, {long_label, 2.0}}, "a<b");
    CHECK(svg.find("<b>") == std::string::npos);
    CHECK(svg.find("&lt;b&gt;") != std::string::npos);
    CHECK(svg.find("aria-label=\"a&lt;b\"") != std::string::npos);
    CHECK(svg.find("<title>" + long_label + "</title>") != std::string::npos);
    CHECK(svg.find("\xE2\x80\xA6</text>") != std::string::npos);
}

TEST_CASE("an empty chart is still a valid svg element") {
    std::string svg = chart({});
    CHECK(bar_geometry(svg).empty());
    CHECK(svg.find("</svg>") != std::string::npos);
}

TEST_CASE("a line chart draws each series as a polyline across the x range, scaled on its own axis") {
    LineChartStyle style;
    style.title = "sasrec";
    style.x_label = "epoch";
    std::string svg;
    // The loss falls 2 -> 0.5 on the left axis; the metric rises 0.01 -> 0.04 on the right axis.
    const std::vector<LineSeries> series{{"loss", {2, 1, 0.75, 0.5}, false},
                                         {"valid_ndcg@10", {0.01, 0.02, 0.03, 0.04}, true}};
    append_line_chart(svg, {1, 2, 3, 4}, series, style);
    CHECK(svg.rfind("<svg ", 0) == 0);
    CHECK(svg.substr(svg.size() - 6) == "</svg>");
    auto lines = polylines(svg);
    REQUIRE(lines.size() == 2);
    REQUIRE(lines[0].size() == 4);
    REQUIRE(lines[1].size() == 4);
    // Same x positions for both series, evenly spaced (x = 1, 2, 3, 4).
    for (size_t i = 0; i < 4; ++i) CHECK(lines[0][i].first == lines[1][i].first);
    CHECK(lines[0][1].first - lines[0][0].first == Approx(lines[0][3].first - lines[0][2].first).margin(0.2));
    // Each series spans its own axis: the loss starts at the top (smallest y) and ends at the bottom, the metric
    // the other way round; the plot's top and bottom are shared.
    CHECK(lines[0][0].second == Approx(lines[1][3].second).margin(0.1));
    CHECK(lines[0][3].second == Approx(lines[1][0].second).margin(0.1));
    CHECK(lines[0][0].second < lines[0][3].second);
    // Loss 1 sits at (2 - 1) / (2 - 0.5) = 2/3 of the way down.
    const double top = lines[0][0].second, bottom = lines[0][3].second;
    CHECK(lines[0][1].second == Approx(top + (bottom - top) * 2 / 3).margin(0.2));
    CHECK(svg.find(">loss (left axis)</text>") != std::string::npos);
    CHECK(svg.find(">valid_ndcg@10 (right axis)</text>") != std::string::npos);
    CHECK(svg.find(">sasrec</text>") != std::string::npos);
    CHECK(svg.find(">epoch</text>") != std::string::npos);
    CHECK(svg.find(">0.04</text>") != std::string::npos);  // the right axis' maximum
    CHECK(svg.find(">2</text>") != std::string::npos);     // the left axis' maximum
}

TEST_CASE("missing values are skipped: the line joins the points that exist, each marked by a dot") {
    std::string svg;
    // A metric evaluated at epochs 1, 2 and 4 only.
    append_line_chart(svg, {1, 2, 3, 4, 5, 6}, {{"valid_hr@10", {0.1, 0.2, NAN, 0.3, NAN, NAN}, false}}, {});
    auto lines = polylines(svg);
    REQUIRE(lines.size() == 1);
    REQUIRE(lines[0].size() == 3);
    CHECK(lines[0][1].first - lines[0][0].first == Approx((lines[0][2].first - lines[0][1].first) / 2).margin(0.2));
    CHECK(count(svg, "<circle") == 3);
    CHECK(svg.find("(left axis)") == std::string::npos);  // one axis: no axis names in the legend
    svg.clear();
    append_line_chart(svg, {1, 2, 3}, {{"loss", {0.3, 0.2, 0.1}, false}}, {});
    CHECK(count(svg, "<circle") == 0);  // complete series: the line alone
}

TEST_CASE("a line chart is deterministic and escapes names") {
    auto draw = [] {
        std::string svg;
        LineChartStyle style;
        style.title = "a<b";
        append_line_chart(svg, {0, 1, 2}, {{"<loss>", {3, 2, 1}, false}, {"m", {0.1, 0.3, 0.2}, true}}, style);
        return svg;
    };
    const std::string svg = draw();
    CHECK(svg == draw());
    CHECK(svg.find("<loss>") == std::string::npos);
    CHECK(svg.find("&lt;loss&gt;") != std::string::npos);
    CHECK(svg.find("aria-label=\"a&lt;b\"") != std::string::npos);
    CHECK(count(svg, "<polyline") == 2);
}

TEST_CASE("a flat or single-point series still draws inside the plot") {
    std::string svg;
    append_line_chart(svg, {5}, {{"loss", {0.7}, false}}, {});
    CHECK(polylines(svg).empty());
    CHECK(count(svg, "<circle") == 1);
    svg.clear();
    append_line_chart(svg, {1, 2, 3}, {{"loss", {0.7, 0.7, 0.7}, false}}, {});
    auto lines = polylines(svg);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0][0].second == lines[0][2].second);
    CHECK(svg.find("nan") == std::string::npos);
    CHECK(svg.find("inf") == std::string::npos);
}
