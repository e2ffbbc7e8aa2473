#include "svg.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "svg_layout.h"
#include "text_format.h"

namespace persona::reports {

namespace {

constexpr size_t kMaxDottedPoints = 40;  // grid-style line charts mark every point up to this many

// Appends a pixel coordinate rounded to 0.1 ("12.5", "40").
void append_coordinate(std::string& out, double value) {
    const double rounded = std::round(value * 10) / 10;
    char buffer[32];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, rounded, std::chars_format::fixed, 1);
    char* end = result.ptr;
    if (end - buffer >= 2 && end[-1] == '0' && end[-2] == '.') end -= 2;
    out.append(buffer, end);
}

// Appends ` name="value"` with a coordinate value.
void append_attribute(std::string& out, const char* name, double value) {
    out += ' ';
    out += name;
    out += "=\"";
    append_coordinate(out, value);
    out += '"';
}

// The smallest and largest finite bar values, widened to include zero (the bars' origin).
std::pair<double, double> value_span(const std::vector<Bar>& bars) {
    double lo = 0, hi = 0;
    for (const Bar& bar : bars) {
        if (!std::isfinite(bar.value)) continue;
        lo = std::min(lo, bar.value);
        hi = std::max(hi, bar.value);
    }
    if (hi == lo) hi = lo + 1;
    return {lo, hi};
}

// Smallest and largest finite value of the series on one axis; a flat or empty range is widened around it.
std::pair<double, double> axis_span(const std::vector<LineSeries>& series, bool right_axis) {
    double lo = INFINITY, hi = -INFINITY;
    for (const LineSeries& s : series) {
        if (s.right_axis != right_axis) continue;
        for (double v : s.values)
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
    }
    if (lo > hi) return {0, 1};
    if (lo == hi) {
        const double pad = lo != 0 ? std::fabs(lo) * 0.1 : 1;
        return {lo - pad, hi + pad};
    }
    return {lo, hi};
}

// Smallest and largest finite x.
std::pair<double, double> x_span(const std::vector<double>& x) {
    double lo = INFINITY, hi = -INFINITY;
    for (double v : x)
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    return lo > hi ? std::pair<double, double>{0, 0} : std::pair<double, double>{lo, hi};
}

// Draws one series: a polyline through its finite points (missing values are skipped, e.g. a metric evaluated
// every few epochs), plus a dot on each point when some were missing, there is only one, or always_dots is set.
void draw_series(SvgCanvas& canvas, const std::vector<double>& x, const LineSeries& series, const LinearScale& sx,
                 const LinearScale& sy, const char* color, bool always_dots) {
    std::vector<std::pair<double, double>> points;
    const size_t n = std::min(x.size(), series.values.size());
    for (size_t i = 0; i < n; ++i)
        if (std::isfinite(x[i]) && std::isfinite(series.values[i])) points.emplace_back(sx(x[i]), sy(series.values[i]));
    if (points.size() >= 2) canvas.polyline(points, color, "series", series.name);
    if (always_dots || points.size() == 1 || points.size() < n)
        for (const auto& [px, py] : points) canvas.circle(px, py, 2.5, color, series.name);
}

}  // namespace

SvgCanvas::SvgCanvas(std::string& out, double width, double height, std::string_view aria_label) : out_(out) {
    out_ += "<svg xmlns=\"http://www.w3.org/2000/svg\"";
    append_attribute(out_, "width", width);
    append_attribute(out_, "height", height);
    out_ += " viewBox=\"0 0 ";
    append_coordinate(out_, width);
    out_ += ' ';
    append_coordinate(out_, height);
    out_ += "\" role=\"img\" aria-label=\"";
    append_escaped(out_, aria_label);
    out_ += "\" font-family=\"system-ui,-apple-system,'Segoe UI',Roboto,sans-serif\" font-size=\"11\">";
}

SvgCanvas::~SvgCanvas() { finish(); }

void SvgCanvas::rect(double x, double y, double width, double height, std::string_view fill,
                     std::string_view css_class) {
    out_ += "<rect";
    if (!css_class.empty()) {
        out_ += " class=\"";
        append_escaped(out_, css_class);
        out_ += '"';
    }
    append_attribute(out_, "x", x);
    append_attribute(out_, "y", y);
    append_attribute(out_, "width", width);
    append_attribute(out_, "height", height);
    out_ += " fill=\"";
    append_escaped(out_, fill);
    out_ += "\"/>";
}

void SvgCanvas::line(double x1, double y1, double x2, double y2, std::string_view stroke) {
    out_ += "<line";
    append_attribute(out_, "x1", x1);
    append_attribute(out_, "y1", y1);
    append_attribute(out_, "x2", x2);
    append_attribute(out_, "y2", y2);
    out_ += " stroke=\"";
    append_escaped(out_, stroke);
    out_ += "\"/>";
}

void SvgCanvas::text(double x, double y, std::string_view content, Anchor anchor, bool bold,
                     std::string_view tooltip, std::string_view fill) {
    out_ += "<text";
    append_attribute(out_, "x", x);
    append_attribute(out_, "y", y);
    if (anchor == Anchor::Middle) out_ += " text-anchor=\"middle\"";
    if (anchor == Anchor::End) out_ += " text-anchor=\"end\"";
    if (bold) out_ += " font-weight=\"bold\"";
    out_ += " fill=\"";
    append_escaped(out_, fill);
    out_ += "\">";
    if (!tooltip.empty()) {
        out_ += "<title>";
        append_escaped(out_, tooltip);
        out_ += "</title>";
    }
    append_escaped(out_, content);
    out_ += "</text>";
}

void SvgCanvas::polyline(const std::vector<std::pair<double, double>>& points, std::string_view stroke,
                         std::string_view css_class, std::string_view tooltip) {
    out_ += "<polyline";
    if (!css_class.empty()) {
        out_ += " class=\"";
        append_escaped(out_, css_class);
        out_ += '"';
    }
    out_ += " points=\"";
    for (size_t i = 0; i < points.size(); ++i) {
        if (i) out_ += ' ';
        append_coordinate(out_, points[i].first);
        out_ += ',';
        append_coordinate(out_, points[i].second);
    }
    out_ += "\" fill=\"none\" stroke=\"";
    append_escaped(out_, stroke);
    out_ += "\" stroke-width=\"1.5\" stroke-linejoin=\"round\">";
    if (!tooltip.empty()) {
        out_ += "<title>";
        append_escaped(out_, tooltip);
        out_ += "</title>";
    }
    out_ += "</polyline>";
}

void SvgCanvas::circle(double cx, double cy, double radius, std::string_view fill, std::string_view tooltip,
                       std::string_view css_class, double opacity) {
    out_ += "<circle";
    if (!css_class.empty()) {
        out_ += " class=\"";
        append_escaped(out_, css_class);
        out_ += '"';
    }
    append_attribute(out_, "cx", cx);
    append_attribute(out_, "cy", cy);
    append_attribute(out_, "r", radius);
    out_ += " fill=\"";
    append_escaped(out_, fill);
    out_ += '"';
    if (opacity < 1) append_attribute(out_, "fill-opacity", opacity);
    out_ += '>';
    if (!tooltip.empty()) {
        out_ += "<title>";
        append_escaped(out_, tooltip);
        out_ += "</title>";
    }
    out_ += "</circle>";
}

void SvgCanvas::finish() {
    if (!open_) return;
    out_ += "</svg>";
    open_ = false;
}

void append_bar_chart(std::string& out, const std::vector<Bar>& bars, const BarChartStyle& style) {
    std::vector<std::string> labels, values;
    labels.reserve(bars.size());
    values.reserve(bars.size());
    const std::string label_header = truncate_chars(style.label_header, kMaxLabelChars);
    size_t label_chars = std::max<size_t>(1, count_chars(label_header));
    size_t value_chars = std::max<size_t>(1, count_chars(style.value_header));
    for (const Bar& bar : bars) {
        labels.push_back(truncate_chars(bar.label, kMaxLabelChars));
        values.push_back(format_number(bar.value));
        label_chars = std::max(label_chars, count_chars(labels.back()));
        value_chars = std::max(value_chars, count_chars(values.back()));
    }
    const double label_width = label_chars * kCharWidth + 8;
    const double value_width = value_chars * kDigitWidth + 10;
    const double width = std::max(style.width, label_width + value_width + 60);
    const double plot_left = label_width;
    const double plot_width = width - label_width - value_width;
    const bool header = !style.label_header.empty() || !style.value_header.empty();
    const double header_height = header ? kLegendRowHeight : 0;
    const double top = (style.title.empty() ? style.gap : kTitleHeight + style.gap) + header_height;
    const double row_height = style.bar_height + style.gap;
    const double height = top + bars.size() * row_height + style.gap;

    const auto [lo, hi] = value_span(bars);
    const double scale = plot_width / (hi - lo);
    const double zero_x = plot_left + (0 - lo) * scale;
    const double text_offset = (style.bar_height + kFontSize) / 2 - 1.5;  // baseline that centres text on a bar

    SvgCanvas canvas(out, width, height, style.title.empty() ? "bar chart" : style.title);
    if (!style.title.empty()) canvas.text(0, kTitleHeight - 6, style.title, SvgCanvas::Anchor::Start, true);
    if (header) {  // column names over the labels and over the values
        const double y = top - 5;
        canvas.text(plot_left - 6, y, label_header, SvgCanvas::Anchor::End, false,
                    label_header.size() == style.label_header.size() ? std::string_view() : style.label_header,
                    kMutedTextColor);
        canvas.text(plot_left + plot_width + 6, y, style.value_header, SvgCanvas::Anchor::Start, false, "",
                    kMutedTextColor);
    }
    for (size_t i = 0; i < bars.size(); ++i) {
        const Bar& bar = bars[i];
        const double y = top + i * row_height;
        const std::string_view tooltip = labels[i].size() == bar.label.size() ? std::string_view() : bar.label;
        canvas.text(plot_left - 6, y + text_offset, labels[i], SvgCanvas::Anchor::End, false, tooltip);
        if (std::isfinite(bar.value)) {
            const double end_x = zero_x + bar.value * scale;
            double bar_width = std::fabs(end_x - zero_x);
            if (bar.value != 0) bar_width = std::max(bar_width, 1.0);
            canvas.rect(std::min(zero_x, end_x), y, bar_width, style.bar_height,
                        bar.emphasis ? kEmphasisColor : kBarColor, "bar");
        }
        canvas.text(plot_left + plot_width + 6, y + text_offset, values[i], SvgCanvas::Anchor::Start, bar.emphasis);
    }
    canvas.line(zero_x, top - 2, zero_x, height - style.gap + 2, kAxisColor);
    canvas.finish();
}

namespace {

// The values labelled on one y axis: round ticks with style.grid, else the series' min and max.
AxisTicks line_axis(const std::vector<LineSeries>& series, bool right_axis, bool grid) {
    const auto [lo, hi] = axis_span(series, right_axis);
    if (grid) return nice_ticks(lo, hi);
    return AxisTicks{lo, hi, {lo, hi}};
}

// Pixel width of the widest label of an axis.
double ticks_width(const AxisTicks& axis) {
    size_t chars = 1;
    for (double tick : axis.ticks) chars = std::max(chars, count_chars(format_number(tick)));
    return chars * kDigitWidth + 8;
}

// The legend: one row per series with its colour (and its axis when there are two).
void draw_legend(SvgCanvas& canvas, const std::vector<LineSeries>& series, double top, bool two_axes) {
    for (size_t i = 0; i < series.size(); ++i) {
        const double y = top + i * kLegendRowHeight;
        canvas.rect(0, y + 6, 14, 3, series_color(i));
        std::string name = truncate_chars(series[i].name, kMaxLegendChars);
        if (two_axes) name += series[i].right_axis ? " (right axis)" : " (left axis)";
        canvas.text(20, y + 11, name, SvgCanvas::Anchor::Start, false,
                    name.size() == series[i].name.size() ? std::string_view() : std::string_view(series[i].name));
    }
}

// Category labels under x = 0, 1, 2... with grid lines; when they would overlap only every k-th is labelled.
void draw_category_ticks(SvgCanvas& canvas, const std::vector<std::string>& labels, const LinearScale& sx,
                         double plot_top, double plot_bottom) {
    size_t widest = 1;
    std::vector<std::string> shown;
    for (const std::string& label : labels) {
        shown.push_back(truncate_chars(label, 12));
        widest = std::max(widest, count_chars(shown.back()));
    }
    const double spacing = labels.size() > 1 ? std::fabs(sx(1) - sx(0)) : sx.to - sx.from;
    const size_t every = std::max<size_t>(1, static_cast<size_t>(std::ceil((widest * kCharWidth + 6) / spacing)));
    for (size_t i = 0; i < labels.size(); ++i) {
        const double x = sx(static_cast<double>(i));
        canvas.line(x, plot_top, x, plot_bottom, kGridColor);
        if (i % every == 0)
            canvas.text(x, plot_bottom + 14, shown[i], SvgCanvas::Anchor::Middle, false,
                        shown[i].size() == labels[i].size() ? std::string_view() : std::string_view(labels[i]));
    }
}

// Min and max labels at the ends of a y axis (the compact style of training curves).
void draw_min_max_labels(SvgCanvas& canvas, const AxisTicks& axis, double x, SvgCanvas::Anchor anchor,
                         double plot_top, double plot_bottom) {
    canvas.text(x, plot_top + 4, format_number(axis.hi), anchor);
    canvas.text(x, plot_bottom, format_number(axis.lo), anchor);
}

}  // namespace

void append_line_chart(std::string& out, const std::vector<double>& x, const std::vector<LineSeries>& series,
                       const LineChartStyle& style) {
    auto on_right = [](const LineSeries& s) { return s.right_axis; };
    const bool two_axes = std::any_of(series.begin(), series.end(), on_right) &&
                          !std::all_of(series.begin(), series.end(), on_right);
    const AxisTicks left = line_axis(series, false, style.grid);
    const AxisTicks right = line_axis(series, true, style.grid);
    const auto [x_lo, x_hi] = x_span(x);
    const bool categories = style.grid && !style.x_categories.empty();
    const AxisTicks x_axis = categories   ? AxisTicks{0, static_cast<double>(style.x_categories.size() - 1), {}}
                             : style.grid ? nice_ticks(x_lo, x_hi)
                                          : AxisTicks{x_lo, x_hi, {x_lo, x_hi}};

    const double title_height = style.title.empty() ? 0 : kTitleHeight;
    const double plot_top = title_height + series.size() * kLegendRowHeight + 8;
    const double plot_bottom = plot_top + style.plot_height;
    const bool x_label_row = style.grid && !style.x_label.empty();  // grid: the x name gets a row of its own
    const double height = plot_bottom + (x_label_row ? 36 : 20);
    const bool any_left = two_axes || (!series.empty() && !series[0].right_axis);
    const double plot_left = any_left ? ticks_width(left) : 8;
    const double right_margin = two_axes || !any_left ? ticks_width(right) : (style.grid ? 16 : 12);
    const double width = std::max(style.width, plot_left + right_margin + 80);
    const double plot_right = width - right_margin;

    const LinearScale sx{x_axis.lo, x_axis.hi, plot_left, plot_right};
    const LinearScale left_y{left.lo, left.hi, plot_bottom, plot_top};
    const LinearScale right_y{right.lo, right.hi, plot_bottom, plot_top};

    SvgCanvas canvas(out, width, height, style.title.empty() ? "line chart" : style.title);
    if (!style.title.empty()) canvas.text(0, kTitleHeight - 6, style.title, SvgCanvas::Anchor::Start, true);
    draw_legend(canvas, series, title_height, two_axes);

    if (style.grid) {
        if (categories) draw_category_ticks(canvas, style.x_categories, sx, plot_top, plot_bottom);
        else draw_x_ticks(canvas, x_axis, sx, plot_top, plot_bottom);
        if (any_left) draw_y_ticks(canvas, left, left_y, plot_left, plot_right);
        if (two_axes || !any_left)
            for (double tick : right.ticks) {  // grid lines follow the left axis when there is one
                if (!any_left) canvas.line(plot_left, right_y(tick), plot_right, right_y(tick), kGridColor);
                canvas.text(plot_right + 4, right_y(tick) + 4, format_number(tick), SvgCanvas::Anchor::Start);
            }
        if (x_label_row)
            canvas.text((plot_left + plot_right) / 2, plot_bottom + 30, style.x_label, SvgCanvas::Anchor::Middle);
    } else {
        canvas.line(plot_left, plot_top, plot_right, plot_top, kGridColor);
        if (any_left) draw_min_max_labels(canvas, left, plot_left - 4, SvgCanvas::Anchor::End, plot_top, plot_bottom);
        if (two_axes || !any_left)
            draw_min_max_labels(canvas, right, plot_right + 4, SvgCanvas::Anchor::Start, plot_top, plot_bottom);
        const double x_text = plot_bottom + 14;
        canvas.text(plot_left, x_text, format_number(x_lo), SvgCanvas::Anchor::Start);
        if (x_hi > x_lo) canvas.text(plot_right, x_text, format_number(x_hi), SvgCanvas::Anchor::End);
        if (!style.x_label.empty())
            canvas.text((plot_left + plot_right) / 2, x_text, style.x_label, SvgCanvas::Anchor::Middle);
    }
    canvas.line(plot_left, plot_bottom, plot_right, plot_bottom, kAxisColor);
    if (any_left) canvas.line(plot_left, plot_top, plot_left, plot_bottom, kAxisColor);
    if (two_axes || !any_left) canvas.line(plot_right, plot_top, plot_right, plot_bottom, kAxisColor);

    for (size_t i = 0; i < series.size(); ++i)
        draw_series(canvas, x, series[i], sx, series[i].right_axis ? right_y : left_y, series_color(i),
                    style.grid && x.size() <= kMaxDottedPoints);
    canvas.finish();
}

}  // namespace persona::reports
