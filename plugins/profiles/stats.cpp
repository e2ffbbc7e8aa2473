#include "stats.h"

#include <algorithm>
#include <cmath>

namespace persona::profiles {

double median_in_place(std::vector<double>& values) {
    if (values.empty()) return std::nan("");
    const size_t mid = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + mid, values.end());
    const double upper = values[mid];
    if (values.size() % 2 == 1) return upper;
    const double lower = *std::max_element(values.begin(), values.begin() + mid);
    return (lower + upper) / 2;
}

double mean_of(const std::vector<double>& values) {
    if (values.empty()) return std::nan("");
    double sum = 0;
    for (double v : values) sum += v;
    return sum / static_cast<double>(values.size());
}

double sample_std(const std::vector<double>& values, double mean) {
    if (values.size() < 2) return std::nan("");
    double sq = 0;
    for (double v : values) sq += (v - mean) * (v - mean);
    return std::sqrt(sq / static_cast<double>(values.size() - 1));
}

}  // namespace persona::profiles
