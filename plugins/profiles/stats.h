// Small statistics on value buffers (median, mean, sample standard deviation); NaN when undefined.
#pragma once
#include <vector>

namespace persona::profiles {

// The median (mean of the two middle values for an even count); reorders values; NaN when empty.
double median_in_place(std::vector<double>& values);

// The arithmetic mean; NaN when empty.
double mean_of(const std::vector<double>& values);

// The sample standard deviation (divides by n - 1, like pandas); NaN for fewer than two values.
double sample_std(const std::vector<double>& values, double mean);

}  // namespace persona::profiles
