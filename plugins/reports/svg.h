// Inline SVG charts for report pages (self-contained: no CSS classes or scripts needed).
// Bar charts and line charts; heat maps can build on the same SvgCanvas.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace persona::reports {

// Writes one <svg> element into a string: shapes and text with escaped content.
class SvgCanvas {
public:
    // Opens <svg> of the given pixel size; aria_label names the chart for screen readers.
    SvgCanvas(std::string& out, double width, double height, std::string_view aria_label);
    SvgCanvas(const SvgCanvas&) = delete;
    SvgCanvas& operator=(const SvgCanvas&) = delete;
    ~SvgCanvas();  // closes </svg> if finish() was not called

    // Horizontal text anchoring, as SVG's text-anchor.
    enum class Anchor { Start, Middle, End };

    // A filled rectangle; css_class ("" = none) only tags it (e.g. "bar") for tools and tests.
    void rect(double x, double y, double width, double height, std::string_view fill, std::string_view css_class = "");
    // A straight line.
    void line(double x1, double y1, double x2, double y2, std::string_view stroke);
    // Text at a baseline point; tooltip ("" = none) is shown on hover (e.g. the full, untruncated text).
    void text(double x, double y, std::string_view content, Anchor anchor, bool bold = false,
              std::string_view tooltip = "");
    // An open line through points (x, y); css_class tags it (e.g. "series"); tooltip names it on hover.
    void polyline(const std::vector<std::pair<double, double>>& points, std::string_view stroke,
                  std::string_view css_class = "", std::string_view tooltip = "");
    // A filled dot (e.g. a lone data point that no line reaches).
    void circle(double cx, double cy, double radius, std::string_view fill, std::string_view tooltip = "");
    // Closes the </svg> element.
    void finish();

private:
    std::string& out_;
    bool open_ = true;
};

// One bar: its label, its value (NaN = no bar, shown as a dash) and whether to emphasise it.
struct Bar {
    std::string label;
    double value = 0;
    bool emphasis = false;
};

// Size and caption of a horizontal bar chart.
struct BarChartStyle {
    std::string title;     // drawn above the bars ("" = none)
    double width = 320;    // whole chart, pixels
    double bar_height = 14;
    double gap = 4;        // between bars
};

// Appends a horizontal bar chart: one row per bar, label left, bar from zero, value in a right column.
void append_bar_chart(std::string& out, const std::vector<Bar>& bars, const BarChartStyle& style);

// One line of a line chart: y values aligned with the chart's x values (NaN = no point at that x).
struct LineSeries {
    std::string name;
    std::vector<double> values;
    bool right_axis = false;  // scaled on a second axis at the right (e.g. a metric next to a loss)
};

// Size and captions of a line chart.
struct LineChartStyle {
    std::string title;    // drawn above the legend ("" = none)
    std::string x_label;  // under the x axis, e.g. "epoch" ("" = none)
    double width = 360;   // whole chart, pixels
    double plot_height = 130;
};

// Appends a line chart of the series against x (ascending): a legend (one row per series, with its axis when
// two axes are used), min/max labels on the x axis and on each y axis, and per series one polyline through its
// finite points (NaN values are skipped; then every point also gets a dot, as does a lone point). Colours
// follow the series order.
void append_line_chart(std::string& out, const std::vector<double>& x, const std::vector<LineSeries>& series,
                       const LineChartStyle& style);

}  // namespace persona::reports
