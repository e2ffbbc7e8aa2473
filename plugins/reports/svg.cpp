#include "svg.h"

#include <algorithm>
#include <charconv>
#include <cmath>

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

}  // namespace persona::reports
