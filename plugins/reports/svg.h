// Inline SVG charts for report pages (self-contained: no CSS classes or scripts needed).
// Bar charts, line charts, heat maps and scatter plots, all drawn on an SvgCanvas.
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
              std::string_view tooltip = "", std::string_view fill = "#1f2933");
    // An open line through points (x, y); css_class tags it (e.g. "series"); tooltip names it on hover.
    void polyline(const std::vector<std::pair<double, double>>& points, std::string_view stroke,
                  std::string_view css_class = "", std::string_view tooltip = "");
    // A filled dot (e.g. a lone data point that no line reaches); css_class tags it (e.g. "point"), opacity < 1
    // lets overlapping dots show through.
    void circle(double cx, double cy, double radius, std::string_view fill, std::string_view tooltip = "",
                std::string_view css_class = "", double opacity = 1);
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
    std::string title;         // drawn above the bars ("" = none)
    std::string label_header;  // column header over the labels, e.g. "segment" ("" = none)
    std::string value_header;  // column header over the values, e.g. "users" ("" = none)
    double width = 320;        // whole chart, pixels
    double bar_height = 14;
    double gap = 4;        // between bars
};

// Appends a horizontal bar chart: one row per bar, label left, bar from zero, value in a right column; a header row
// names the two columns when label_header or value_header is set.
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
    bool grid = false;    // round tick values with grid lines on every axis (else only min and max are labelled)
    std::vector<std::string> x_categories;  // with grid: x = 0, 1, 2... labelled by these instead of numbers
};

// Appends a line chart of the series against x (ascending): a legend (one row per series, with its axis when
// two axes are used), min/max labels on the x axis and on each y axis, and per series one polyline through its
// finite points (NaN values are skipped; then every point also gets a dot, as does a lone point). Colours
// follow the series order. With style.grid the axes carry round ticks and grid lines instead of min/max labels.
void append_line_chart(std::string& out, const std::vector<double>& x, const std::vector<LineSeries>& series,
                       const LineChartStyle& style);

// Size and captions of a heat map.
struct HeatmapStyle {
    std::string title;        // drawn above the grid ("" = none)
    std::string x_label;      // names the columns, under their labels
    std::string y_label;      // names the rows, above their labels
    std::string value_label;  // names the colour legend, e.g. "count" or "sum of monetary"
};

// Appends a heat map: a grid of y_labels.size() rows by x_labels.size() columns; values is row-major
// (values[row * columns + column], NaN = no data: a grey cell with a dash). Cells (<rect class="cell">) are coloured
// on a light-to-dark ramp from the smallest to the largest value and print their value; column labels sit under
// the grid, row labels left of it, and a legend shows the ramp with its two end values.
void append_heatmap(std::string& out, const std::vector<std::string>& x_labels,
                    const std::vector<std::string>& y_labels, const std::vector<double>& values,
                    const HeatmapStyle& style);

// Size and captions of a scatter plot.
struct ScatterStyle {
    std::string title;    // drawn above the plot ("" = none)
    std::string x_label;  // under the x axis
    std::string y_label;  // above the y axis
    bool diagonal = false;  // draw the line y = x, both axes on one range (e.g. predicted vs actual)
    double width = 420;     // whole chart, pixels
    double plot_height = 280;
};

// Appends a scatter plot: one dot (<circle class="point">, "x, y" on hover) per pair (x[i], y[i]) with both finite,
// round ticks and grid lines on both axes.
void append_scatter_chart(std::string& out, const std::vector<double>& x, const std::vector<double>& y,
                          const ScatterStyle& style);

}  // namespace persona::reports
