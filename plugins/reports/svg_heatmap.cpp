// append_heatmap (declared in svg.h): a grid of coloured cells that print their values.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "svg.h"
#include "svg_layout.h"
#include "text_format.h"

namespace persona::reports {

namespace {

constexpr double kCellHeight = 24;
constexpr double kMinCellWidth = 32;
constexpr double kMaxCellWidth = 96;
constexpr size_t kMaxRowLabelChars = 22;
constexpr double kLegendSwatches = 5;
constexpr double kSwatchWidth = 16;
constexpr const char* kMissingCellColor = "#f5f7fa";
constexpr const char* kLightText = "#ffffff";
constexpr int kRampLight[3] = {240, 244, 248};  // the smallest value
constexpr int kRampDark[3] = {29, 79, 140};     // the largest value
constexpr double kDarkTextFrom = 0.55;          // cells past this share of the ramp print white text

// "#rrggbb" at position t in [0, 1] of the light-to-dark ramp.
std::string ramp_color(double t) {
    char buffer[8];
    int rgb[3];
    for (int i = 0; i < 3; ++i)
        rgb[i] = static_cast<int>(std::lround(kRampLight[i] + (kRampDark[i] - kRampLight[i]) * t));
    std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
    return buffer;
}

// Where a value sits on the ramp: 0 at the smallest value, 1 at the largest, 0.5 when all are equal.
double ramp_position(double value, double lo, double hi) { return hi > lo ? (value - lo) / (hi - lo) : 0.5; }

// Cell width: room for the widest value and column label, within [kMinCellWidth, kMaxCellWidth].
double cell_width(const std::vector<std::string>& texts, const std::vector<std::string>& x_labels) {
    size_t chars = 1;
    for (const std::string& t : texts) chars = std::max(chars, count_chars(t));
    for (const std::string& l : x_labels) chars = std::max(chars, count_chars(l));
    return std::clamp(chars * kCharWidth + 8, kMinCellWidth, kMaxCellWidth);
}

// The legend: "value_label  lo [five swatches] hi" starting at (x, y).
void draw_ramp_legend(SvgCanvas& canvas, double x, double y, const std::string& value_label, double lo, double hi) {
    if (!value_label.empty()) {
        canvas.text(x, y + 9, value_label, SvgCanvas::Anchor::Start, false, "", kMutedTextColor);
        x += text_width(value_label) + 8;
    }
    const std::string lo_text = format_number(lo), hi_text = format_number(hi);
    canvas.text(x, y + 9, lo_text, SvgCanvas::Anchor::Start);
    x += text_width(lo_text) + 6;
    for (int i = 0; i < kLegendSwatches; ++i) {
        canvas.rect(x, y, kSwatchWidth, 11, ramp_color(i / (kLegendSwatches - 1)));
        x += kSwatchWidth;
    }
    canvas.text(x + 6, y + 9, hi_text, SvgCanvas::Anchor::Start);
}

// Pixel width of the legend drawn by draw_ramp_legend.
double ramp_legend_width(const std::string& value_label, double lo, double hi) {
    return (value_label.empty() ? 0 : text_width(value_label) + 8) + text_width(format_number(lo)) + 6 +
           kLegendSwatches * kSwatchWidth + 6 + text_width(format_number(hi));
}

}  // namespace

void append_heatmap(std::string& out, const std::vector<std::string>& x_labels,
                    const std::vector<std::string>& y_labels, const std::vector<double>& values,
                    const HeatmapStyle& style) {
    const size_t columns = x_labels.size(), rows = y_labels.size();
    std::vector<std::string> texts(rows * columns);
    for (size_t i = 0; i < texts.size() && i < values.size(); ++i) texts[i] = format_number(values[i]);
    const auto [lo, hi] = finite_span(values);
    const bool any_value = lo <= hi;

    const double cell_w = cell_width(texts, x_labels);
    const size_t column_label_chars = static_cast<size_t>((cell_w - 4) / kCharWidth);
    size_t row_label_chars = 1;
    std::vector<std::string> row_labels;
    for (const std::string& label : y_labels) {
        row_labels.push_back(truncate_chars(label, kMaxRowLabelChars));
        row_label_chars = std::max(row_label_chars, count_chars(row_labels.back()));
    }
    const double title_height = style.title.empty() ? 0 : kTitleHeight;
    const double y_name_height = style.y_label.empty() ? 0 : kLegendRowHeight;
    const double grid_left = row_label_chars * kCharWidth + 10;
    const double grid_top = title_height + y_name_height + 4;
    const double grid_bottom = grid_top + rows * kCellHeight;
    const double x_names_y = grid_bottom + 14;                 // baseline of the column labels
    const double x_axis_y = x_names_y + (style.x_label.empty() ? 0 : 16);
    const double legend_y = x_axis_y + 8;
    const double height = legend_y + (any_value ? 18 : 4);
    const double width = std::max({grid_left + columns * cell_w + 8, text_width(style.title) + 8,
                                   text_width(style.y_label) + 8,
                                   any_value ? grid_left + ramp_legend_width(style.value_label, lo, hi) + 8 : 0.0});

    SvgCanvas canvas(out, width, height, style.title.empty() ? "heat map" : style.title);
    if (!style.title.empty()) canvas.text(0, kTitleHeight - 6, style.title, SvgCanvas::Anchor::Start, true);
    if (!style.y_label.empty())
        canvas.text(0, title_height + 11, style.y_label, SvgCanvas::Anchor::Start, false, "", kMutedTextColor);
    for (size_t r = 0; r < rows; ++r) {
        const double y = grid_top + r * kCellHeight;
        canvas.text(grid_left - 6, y + kCellHeight / 2 + 4, row_labels[r], SvgCanvas::Anchor::End, false,
                    row_labels[r].size() == y_labels[r].size() ? std::string_view() : std::string_view(y_labels[r]));
        for (size_t c = 0; c < columns; ++c) {
            const double x = grid_left + c * cell_w;
            const double value = r * columns + c < values.size() ? values[r * columns + c] : NAN;
            const bool known = std::isfinite(value);
            const double t = known ? ramp_position(value, lo, hi) : 0;
            canvas.rect(x, y, cell_w - 1, kCellHeight - 1, known ? ramp_color(t) : kMissingCellColor, "cell");
            canvas.text(x + (cell_w - 1) / 2, y + kCellHeight / 2 + 4, texts[r * columns + c],
                        SvgCanvas::Anchor::Middle, false, "",
                        !known ? kMutedTextColor : t > kDarkTextFrom ? kLightText : kTextColor);
        }
    }
    for (size_t c = 0; c < columns; ++c) {
        const std::string label = truncate_chars(x_labels[c], column_label_chars);
        canvas.text(grid_left + c * cell_w + (cell_w - 1) / 2, x_names_y, label, SvgCanvas::Anchor::Middle, false,
                    label.size() == x_labels[c].size() ? std::string_view() : std::string_view(x_labels[c]));
    }
    if (!style.x_label.empty())
        canvas.text(grid_left + columns * cell_w / 2, x_axis_y, style.x_label, SvgCanvas::Anchor::Middle, false, "",
                    kMutedTextColor);
    if (any_value) draw_ramp_legend(canvas, grid_left, legend_y, style.value_label, lo, hi);
    canvas.finish();
}

}  // namespace persona::reports
