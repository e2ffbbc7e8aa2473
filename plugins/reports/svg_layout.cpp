#include "svg_layout.h"

#include <algorithm>
#include <cmath>

#include "text_format.h"

namespace persona::reports {

size_t count_chars(std::string_view text) {
    size_t count = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++count;
    return count;
}

std::string truncate_chars(std::string_view text, size_t max_chars) {
    if (count_chars(text) <= max_chars) return std::string(text);
    if (max_chars == 0) return "\xE2\x80\xA6";
    size_t kept = 0, cut = 0;
    for (; cut < text.size(); ++cut) {
        if ((static_cast<unsigned char>(text[cut]) & 0xC0) != 0x80) {
            if (kept == max_chars - 1) break;
            ++kept;
        }
    }
    return std::string(text.substr(0, cut)) + "\xE2\x80\xA6";
}

namespace {

// The smallest of 1, 2, 5 x 10^k that is at least `rough`.
double nice_step(double rough) {
    const double power = std::pow(10.0, std::floor(std::log10(rough)));
    const double fraction = rough / power;
    if (fraction <= 1) return power;
    if (fraction <= 2) return 2 * power;
    if (fraction <= 5) return 5 * power;
    return 10 * power;
}

}  // namespace

AxisTicks nice_ticks(double lo, double hi, int target) {
    if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi) lo = 0, hi = 1;
    if (lo == hi) {
        const double pad = lo != 0 ? std::fabs(lo) * 0.1 : 1;
        lo -= pad;
        hi += pad;
    }
    const double step = nice_step((hi - lo) / std::max(target, 1));
    // Ticks are integer multiples of the step, so 0 is a tick whenever the range spans it.
    const double first = std::floor(lo / step + 1e-9), last = std::ceil(hi / step - 1e-9);
    AxisTicks axis;
    axis.lo = first * step;
    axis.hi = last * step;
    for (double k = first; k <= last + 0.5; ++k) axis.ticks.push_back(k * step);
    return axis;
}

std::pair<double, double> finite_span(const std::vector<double>& values) {
    double lo = INFINITY, hi = -INFINITY;
    for (double v : values)
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    return {lo, hi};
}

void draw_y_ticks(SvgCanvas& canvas, const AxisTicks& axis, const LinearScale& scale, double plot_left,
                  double plot_right) {
    for (double tick : axis.ticks) {
        const double y = scale(tick);
        canvas.line(plot_left, y, plot_right, y, kGridColor);
        canvas.text(plot_left - 4, y + 4, format_number(tick), SvgCanvas::Anchor::End);
    }
}

void draw_x_ticks(SvgCanvas& canvas, const AxisTicks& axis, const LinearScale& scale, double plot_top,
                  double plot_bottom) {
    for (double tick : axis.ticks) {
        const double x = scale(tick);
        canvas.line(x, plot_top, x, plot_bottom, kGridColor);
        canvas.text(x, plot_bottom + 14, format_number(tick), SvgCanvas::Anchor::Middle);
    }
}

}  // namespace persona::reports
