#include "outliers.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace persona::transforms {

static constexpr double kInf = std::numeric_limits<double>::infinity();

static std::vector<double> sorted_values(const Column& column) {
    std::vector<double> values;
    values.reserve(column.size());
    for (int64_t r = 0; r < column.size(); ++r) {
        double v = column.number(r);
        if (!std::isnan(v)) values.push_back(v);
    }
    std::sort(values.begin(), values.end());
    return values;
}

// Linear-interpolation quantile (type 7, as numpy's default) of sorted, non-empty values.
static double quantile(const std::vector<double>& sorted, double p) {
    double h = (static_cast<double>(sorted.size()) - 1) * p;
    size_t lo = static_cast<size_t>(std::floor(h));
    size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

Bounds zscore_bounds(const Column& column, double z) {
    double sum = 0;
    int64_t n = 0;
    for (int64_t r = 0; r < column.size(); ++r) {
        double v = column.number(r);
        if (!std::isnan(v)) sum += v, ++n;
    }
    if (n == 0) return {-kInf, kInf};
    double mean = sum / static_cast<double>(n);
    double squares = 0;
    for (int64_t r = 0; r < column.size(); ++r) {
        double v = column.number(r);
        if (!std::isnan(v)) squares += (v - mean) * (v - mean);
    }
    double std = std::sqrt(squares / static_cast<double>(n));
    return {mean - z * std, mean + z * std};
}

Bounds iqr_bounds(const Column& column, double factor) {
    std::vector<double> values = sorted_values(column);
    if (values.empty()) return {-kInf, kInf};
    double q1 = quantile(values, 0.25), q3 = quantile(values, 0.75);
    return {q1 - factor * (q3 - q1), q3 + factor * (q3 - q1)};
}

int64_t count_outliers(const Column& column, Bounds bounds) {
    int64_t n = 0;
    for (int64_t r = 0; r < column.size(); ++r) {
        double v = column.number(r);
        n += v < bounds.low || v > bounds.high;  // NaN compares false: never an outlier
    }
    return n;
}

int64_t flag_outliers(const Column& column, Bounds bounds, std::vector<uint8_t>& outlier) {
    int64_t n = 0;
    for (int64_t r = 0; r < column.size(); ++r) {
        double v = column.number(r);
        if (v < bounds.low || v > bounds.high) outlier[r] = 1, ++n;  // NaN compares false: never an outlier
    }
    return n;
}

int64_t clip_outliers(Column& column, Bounds bounds) {
    int64_t n = 0;
    if (column.type == ColumnType::Float64) {
        for (double& v : column.floats) {
            if (v < bounds.low) v = bounds.low, ++n;
            else if (v > bounds.high) v = bounds.high, ++n;
        }
        return n;
    }
    for (int64_t& v : column.ints) {
        if (v == kNullInt) continue;
        double x = static_cast<double>(v);
        if (x < bounds.low) v = static_cast<int64_t>(std::ceil(bounds.low)), ++n;
        else if (x > bounds.high) v = static_cast<int64_t>(std::floor(bounds.high)), ++n;
    }
    return n;
}

}  // namespace persona::transforms
