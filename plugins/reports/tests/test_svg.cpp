// The SVG bar chart: one bar per finite value, lengths proportional to the values, escaped labels.
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
