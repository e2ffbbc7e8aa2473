#include "svg.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>

#include "text_format.h"

namespace persona::reports {

namespace {

constexpr double kFontSize = 11;
constexpr double kCharWidth = 6.4;     // average glyph width at kFontSize, for layout estimates
constexpr double kDigitWidth = 7.0;    // a bold digit at kFontSize (values may be bold)
constexpr size_t kMaxLabelChars = 22;  // longer labels are cut with an ellipsis (full text on hover)
constexpr double kTitleHeight = 18;
constexpr const char* kBarColor = "#8fb3de";
constexpr const char* kEmphasisColor = "#2f6db5";
constexpr const char* kAxisColor = "#9aa5b1";
constexpr const char* kGridColor = "#e4e7eb";
constexpr const char* kSeriesColors[] = {"#2f6db5", "#d9822b", "#3e8e41", "#8e44ad", "#c0392b", "#5d6d7e"};
constexpr double kLegendRowHeight = 15;
constexpr size_t kMaxLegendChars = 40;

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

// Number of UTF-8 code points in text.
size_t count_chars(std::string_view text) {
    size_t count = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++count;
    return count;
}

// The first max_chars code points of text, plus an ellipsis when text was longer.
std::string truncate_chars(std::string_view text, size_t max_chars) {
    if (count_chars(text) <= max_chars) return std::string(text);
    size_t kept = 0, cut = 0;
    for (; cut < text.size(); ++cut) {
        if ((static_cast<unsigned char>(text[cut]) & 0xC0) != 0x80) {
            if (kept == max_chars - 1) break;
            ++kept;
        }
    }
    return std::string(text.substr(0, cut)) + "\xE2\x80\xA6";
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

// A linear map from a value range onto a pixel range (the middle of it when the value range is empty).
struct LinearScale {
    double lo, hi, from, to;
    double operator()(double v) const { return hi > lo ? from + (v - lo) / (hi - lo) * (to - from) : (from + to) / 2; }
};

// Pixel width of the widest of two axis labels.
double label_width(const std::string& a, const std::string& b) {
    return std::max(count_chars(a), count_chars(b)) * kDigitWidth + 8;
}

// Draws one series: a polyline through its finite points (missing values are skipped, e.g. a metric evaluated
// every few epochs), plus a dot on each point when some were missing or there is only one.
void draw_series(SvgCanvas& canvas, const std::vector<double>& x, const LineSeries& series, const LinearScale& sx,
                 const LinearScale& sy, const char* color) {
    std::vector<std::pair<double, double>> points;
    const size_t n = std::min(x.size(), series.values.size());
    for (size_t i = 0; i < n; ++i)
        if (std::isfinite(x[i]) && std::isfinite(series.values[i])) points.emplace_back(sx(x[i]), sy(series.values[i]));
    if (points.size() >= 2) canvas.polyline(points, color, "series", series.name);
    if (points.size() == 1 || points.size() < n)
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
                     std::string_view tooltip) {
    out_ += "<text";
    append_attribute(out_, "x", x);
    append_attribute(out_, "y", y);
    if (anchor == Anchor::Middle) out_ += " text-anchor=\"middle\"";
    if (anchor == Anchor::End) out_ += " text-anchor=\"end\"";
    if (bold) out_ += " font-weight=\"bold\"";
    out_ += " fill=\"#1f2933\">";
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

void SvgCanvas::circle(double cx, double cy, double radius, std::string_view fill, std::string_view tooltip) {
    out_ += "<circle";
    append_attribute(out_, "cx", cx);
    append_attribute(out_, "cy", cy);
    append_attribute(out_, "r", radius);
    out_ += " fill=\"";
    append_escaped(out_, fill);
    out_ += "\">";
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
    size_t label_chars = 1, value_chars = 1;
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
    const double top = style.title.empty() ? style.gap : kTitleHeight + style.gap;
    const double row_height = style.bar_height + style.gap;
    const double height = top + bars.size() * row_height + style.gap;

    const auto [lo, hi] = value_span(bars);
    const double scale = plot_width / (hi - lo);
    const double zero_x = plot_left + (0 - lo) * scale;
    const double text_offset = (style.bar_height + kFontSize) / 2 - 1.5;  // baseline that centres text on a bar

    SvgCanvas canvas(out, width, height, style.title.empty() ? "bar chart" : style.title);
    if (!style.title.empty()) canvas.text(0, kTitleHeight - 6, style.title, SvgCanvas::Anchor::Start, true);
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

void append_line_chart(std::string& out, const std::vector<double>& x, const std::vector<LineSeries>& series,
                       const LineChartStyle& style) {
    auto on_right = [](const LineSeries& s) { return s.right_axis; };
    const bool two_axes = std::any_of(series.begin(), series.end(), on_right) &&
                          !std::all_of(series.begin(), series.end(), on_right);
    const auto [left_lo, left_hi] = axis_span(series, false);
    const auto [right_lo, right_hi] = axis_span(series, true);
    const auto [x_lo, x_hi] = x_span(x);
    const std::string left_labels[] = {format_number(left_lo), format_number(left_hi)};
    const std::string right_labels[] = {format_number(right_lo), format_number(right_hi)};

    const double title_height = style.title.empty() ? 0 : kTitleHeight;
    const double plot_top = title_height + series.size() * kLegendRowHeight + 8;
    const double plot_bottom = plot_top + style.plot_height;
    const double height = plot_bottom + 20;
    const bool any_left = two_axes || (!series.empty() && !series[0].right_axis);
    const double plot_left = any_left ? label_width(left_labels[0], left_labels[1]) : 8;
    const double right_margin = two_axes || !any_left ? label_width(right_labels[0], right_labels[1]) : 12;
    const double width = std::max(style.width, plot_left + right_margin + 80);
    const double plot_right = width - right_margin;

    const LinearScale sx{x_lo, x_hi, plot_left, plot_right};
    const LinearScale left_y{left_lo, left_hi, plot_bottom, plot_top};
    const LinearScale right_y{right_lo, right_hi, plot_bottom, plot_top};

    SvgCanvas canvas(out, width, height, style.title.empty() ? "line chart" : style.title);
    if (!style.title.empty()) canvas.text(0, kTitleHeight - 6, style.title, SvgCanvas::Anchor::Start, true);
    for (size_t i = 0; i < series.size(); ++i) {  // legend: one row per series
        const double y = title_height + i * kLegendRowHeight;
        const char* color = kSeriesColors[i % std::size(kSeriesColors)];
        canvas.rect(0, y + 6, 14, 3, color);
        std::string name = truncate_chars(series[i].name, kMaxLegendChars);
        if (two_axes) name += series[i].right_axis ? " (right axis)" : " (left axis)";
        canvas.text(20, y + 11, name, SvgCanvas::Anchor::Start, false,
                    name.size() == series[i].name.size() ? std::string_view() : std::string_view(series[i].name));
    }

    canvas.line(plot_left, plot_top, plot_right, plot_top, kGridColor);
    canvas.line(plot_left, plot_bottom, plot_right, plot_bottom, kAxisColor);
    if (any_left) {
        canvas.line(plot_left, plot_top, plot_left, plot_bottom, kAxisColor);
        canvas.text(plot_left - 4, plot_top + 4, left_labels[1], SvgCanvas::Anchor::End);
        canvas.text(plot_left - 4, plot_bottom, left_labels[0], SvgCanvas::Anchor::End);
    }
    if (two_axes || !any_left) {
        canvas.line(plot_right, plot_top, plot_right, plot_bottom, kAxisColor);
        canvas.text(plot_right + 4, plot_top + 4, right_labels[1], SvgCanvas::Anchor::Start);
        canvas.text(plot_right + 4, plot_bottom, right_labels[0], SvgCanvas::Anchor::Start);
    }
    const double x_text = plot_bottom + 14;
    canvas.text(plot_left, x_text, format_number(x_lo), SvgCanvas::Anchor::Start);
    if (x_hi > x_lo) canvas.text(plot_right, x_text, format_number(x_hi), SvgCanvas::Anchor::End);
    if (!style.x_label.empty())
        canvas.text((plot_left + plot_right) / 2, x_text, style.x_label, SvgCanvas::Anchor::Middle);

    for (size_t i = 0; i < series.size(); ++i)
        draw_series(canvas, x, series[i], sx, series[i].right_axis ? right_y : left_y,
                    kSeriesColors[i % std::size(kSeriesColors)]);
    canvas.finish();
}

}  // namespace persona::reports
