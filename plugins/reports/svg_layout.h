// Layout helpers shared by the SVG chart drawers (svg.cpp, svg_heatmap.cpp, svg_scatter.cpp): sizes and colours,
// text width estimates, label cutting, linear scales and "nice" axis ticks. Internal to the chart drawers.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "svg.h"

namespace persona::reports {

inline constexpr double kFontSize = 11;
inline constexpr double kCharWidth = 6.4;     // average glyph width at kFontSize, for layout estimates
inline constexpr double kDigitWidth = 7.0;    // a bold digit at kFontSize (values may be bold)
inline constexpr size_t kMaxLabelChars = 22;  // longer labels are cut with an ellipsis (full text on hover)
inline constexpr double kTitleHeight = 18;
inline constexpr double kLegendRowHeight = 15;
inline constexpr size_t kMaxLegendChars = 40;
inline constexpr const char* kTextColor = "#1f2933";
inline constexpr const char* kMutedTextColor = "#616e7c";
inline constexpr const char* kBarColor = "#8fb3de";
inline constexpr const char* kEmphasisColor = "#2f6db5";
inline constexpr const char* kAxisColor = "#9aa5b1";
inline constexpr const char* kGridColor = "#e4e7eb";
inline constexpr const char* kSeriesColors[] = {"#2f6db5", "#d9822b", "#3e8e41", "#8e44ad", "#c0392b", "#5d6d7e"};
inline constexpr size_t kSeriesColorCount = sizeof(kSeriesColors) / sizeof(kSeriesColors[0]);

// The colour of the i-th series (the palette repeats).
inline const char* series_color(size_t i) { return kSeriesColors[i % kSeriesColorCount]; }

// Number of UTF-8 code points in text.
size_t count_chars(std::string_view text);

// The first max_chars code points of text, plus an ellipsis when text was longer.
std::string truncate_chars(std::string_view text, size_t max_chars);

// Estimated pixel width of text at kFontSize.
inline double text_width(std::string_view text) { return static_cast<double>(count_chars(text)) * kCharWidth; }

// A linear map from a value range onto a pixel range (the middle of it when the value range is empty).
struct LinearScale {
    double lo, hi, from, to;
    double operator()(double v) const { return hi > lo ? from + (v - lo) / (hi - lo) * (to - from) : (from + to) / 2; }
};

// An axis' value range and the values labelled on it (ascending).
struct AxisTicks {
    double lo = 0, hi = 1;
    std::vector<double> ticks;
};

// Round ticks (steps of 1, 2 or 5 times a power of ten) covering [lo, hi] with about `target` intervals; the range
// is widened to the outer ticks. An empty range is widened around its value first (0 -> [-1, 1]).
AxisTicks nice_ticks(double lo, double hi, int target = 5);

// The smallest and largest finite value of `values` ({+inf, -inf} when there is none).
std::pair<double, double> finite_span(const std::vector<double>& values);

// Draws value labels at `ticks` left of x = plot_left (right-aligned), with grid lines across to plot_right.
void draw_y_ticks(SvgCanvas& canvas, const AxisTicks& axis, const LinearScale& scale, double plot_left,
                  double plot_right);

// Draws value labels at `ticks` under y = plot_bottom (centred), with grid lines up to plot_top.
void draw_x_ticks(SvgCanvas& canvas, const AxisTicks& axis, const LinearScale& scale, double plot_top,
                  double plot_bottom);

}  // namespace persona::reports
