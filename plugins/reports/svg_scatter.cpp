// append_scatter_chart (declared in svg.h): one dot per (x, y) pair on two axes with round ticks.
#include <algorithm>
#include <cmath>

#include "svg.h"
#include "svg_layout.h"
#include "text_format.h"

namespace persona::reports {

namespace {

constexpr double kDotRadius = 2.5;
constexpr double kDotOpacity = 0.6;  // overlapping dots read darker
constexpr const char* kDiagonalColor = "#c0392b";

// Pixel width of the widest tick label of an axis.
double tick_labels_width(const AxisTicks& axis) {
    double widest = 0;
    for (double tick : axis.ticks) widest = std::max(widest, count_chars(format_number(tick)) * kDigitWidth);
    return widest + 8;
}

// The (x, y) pairs where both are finite.
std::vector<std::pair<double, double>> finite_points(const std::vector<double>& x, const std::vector<double>& y) {
    std::vector<std::pair<double, double>> points;
    const size_t n = std::min(x.size(), y.size());
    for (size_t i = 0; i < n; ++i)
        if (std::isfinite(x[i]) && std::isfinite(y[i])) points.emplace_back(x[i], y[i]);
    return points;
}

}  // namespace

void append_scatter_chart(std::string& out, const std::vector<double>& x, const std::vector<double>& y,
                          const ScatterStyle& style) {
    const std::vector<std::pair<double, double>> points = finite_points(x, y);
    std::vector<double> xs, ys;
    for (const auto& [px, py] : points) {
        xs.push_back(px);
        ys.push_back(py);
    }
    auto [x_lo, x_hi] = finite_span(xs);
    auto [y_lo, y_hi] = finite_span(ys);
    if (style.diagonal) {  // one range for both axes, so y = x runs corner to corner
        x_lo = y_lo = std::min(x_lo, y_lo);
        x_hi = y_hi = std::max(x_hi, y_hi);
    }
    const AxisTicks x_axis = nice_ticks(x_lo, x_hi), y_axis = nice_ticks(y_lo, y_hi);

    const double title_height = style.title.empty() ? 0 : kTitleHeight;
    const double legend_height = style.diagonal ? kLegendRowHeight : 0;
    const double y_name_height = style.y_label.empty() ? 0 : kLegendRowHeight;
    const double plot_top = title_height + legend_height + y_name_height + 8;
    const double plot_bottom = plot_top + style.plot_height;
    const double plot_left = tick_labels_width(y_axis);
    const double width = std::max(style.width, plot_left + 120);
    const double plot_right = width - 16;
    const double height = plot_bottom + (style.x_label.empty() ? 20 : 36);
    const LinearScale sx{x_axis.lo, x_axis.hi, plot_left, plot_right};
    const LinearScale sy{y_axis.lo, y_axis.hi, plot_bottom, plot_top};

    SvgCanvas canvas(out, width, height, style.title.empty() ? "scatter plot" : style.title);
    if (!style.title.empty()) canvas.text(0, kTitleHeight - 6, style.title, SvgCanvas::Anchor::Start, true);
    if (style.diagonal) {  // legend of the reference line
        const double y = title_height;
        canvas.rect(0, y + 6, 14, 2, kDiagonalColor);
        canvas.text(20, y + 11, "y = x", SvgCanvas::Anchor::Start);
    }
    if (!style.y_label.empty())
        canvas.text(0, plot_top - 10, style.y_label, SvgCanvas::Anchor::Start, false, "", kMutedTextColor);
    draw_x_ticks(canvas, x_axis, sx, plot_top, plot_bottom);
    draw_y_ticks(canvas, y_axis, sy, plot_left, plot_right);
    canvas.line(plot_left, plot_bottom, plot_right, plot_bottom, kAxisColor);
    canvas.line(plot_left, plot_top, plot_left, plot_bottom, kAxisColor);
    if (!style.x_label.empty())
        canvas.text((plot_left + plot_right) / 2, plot_bottom + 30, style.x_label, SvgCanvas::Anchor::Middle, false,
                    "", kMutedTextColor);
    if (style.diagonal)
        canvas.line(sx(x_axis.lo), sy(x_axis.lo), sx(x_axis.hi), sy(x_axis.hi), kDiagonalColor);
    for (const auto& [px, py] : points)  // each dot names its values on hover
        canvas.circle(sx(px), sy(py), kDotRadius, kSeriesColors[0], format_number(px) + ", " + format_number(py),
                      "point", kDotOpacity);
    canvas.finish();
}

}  // namespace persona::reports
