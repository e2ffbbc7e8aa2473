// Outlier detection for transform.clean: bounds by z-score or IQR, then flag or clip values outside them.
#pragma once
#include <cstdint>
#include <vector>

#include "persona/table.h"

namespace persona::transforms {

// The closed range of accepted values; values strictly outside are outliers.
struct Bounds {
    double low;
    double high;
};

// mean ± z · std over the column's non-null values (population std, divisor n).
Bounds zscore_bounds(const Column& column, double z);

// [Q1 - factor · IQR, Q3 + factor · IQR]; quantiles interpolate linearly between order statistics.
Bounds iqr_bounds(const Column& column, double factor);

// How many (non-null) values lie outside bounds.
int64_t count_outliers(const Column& column, Bounds bounds);

// Sets outlier[r] = 1 for each row whose (non-null) value lies outside bounds; returns how many cells.
int64_t flag_outliers(const Column& column, Bounds bounds, std::vector<uint8_t>& outlier);

// Moves values outside bounds onto the nearest bound (int64: the nearest integer inside); returns cells changed.
int64_t clip_outliers(Column& column, Bounds bounds);

}  // namespace persona::transforms
