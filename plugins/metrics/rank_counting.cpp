#include "rank_counting.h"

#include <algorithm>
#include <cmath>

namespace persona::metrics {

namespace {

constexpr int64_t kFewTruthItems = 16;

// Number of values in row that are >= threshold (a vectorizable pass over the row).
int64_t count_at_least(const float* row, int64_t n, float threshold) {
    int64_t count = 0;
    for (int64_t j = 0; j < n; ++j) count += row[j] >= threshold ? 1 : 0;
    return count;
}

// Many truth items: one pass, each value binary-searched among the sorted thresholds.
void count_at_least_many(const float* row, int64_t n, const std::vector<float>& ascending,
                         std::vector<int64_t>& at_least) {
    const size_t t = ascending.size();
    std::vector<int64_t> histogram(t + 1, 0);  // histogram[q]: values with exactly q thresholds <= them
    for (int64_t j = 0; j < n; ++j) {
        if (std::isnan(row[j])) continue;
        histogram[std::upper_bound(ascending.begin(), ascending.end(), row[j]) - ascending.begin()]++;
    }
    at_least.assign(t, 0);
    int64_t above = 0;  // values with more than p thresholds <= them, i.e. value >= ascending[p]
    for (size_t p = t; p-- > 0;) {
        above += histogram[p + 1];
        at_least[p] = above;
    }
}

}  // namespace

void rank_truth_items(const float* row, int64_t n, const int32_t* truth_cols, int64_t count, int64_t* ranks) {
    if (count <= kFewTruthItems) {
        for (int64_t t = 0; t < count; ++t) {
            const float s = row[truth_cols[t]];
            ranks[t] = std::isnan(s) ? n : count_at_least(row, n, s);
        }
        return;
    }
    std::vector<float> ascending;
    ascending.reserve(count);
    for (int64_t t = 0; t < count; ++t)
        if (!std::isnan(row[truth_cols[t]])) ascending.push_back(row[truth_cols[t]]);
    std::sort(ascending.begin(), ascending.end());
    std::vector<int64_t> at_least;
    count_at_least_many(row, n, ascending, at_least);
    for (int64_t t = 0; t < count; ++t) {
        const float s = row[truth_cols[t]];
        if (std::isnan(s)) {
            ranks[t] = n;
            continue;
        }
        ranks[t] = at_least[std::lower_bound(ascending.begin(), ascending.end(), s) - ascending.begin()];
    }
}

UserMetrics::UserMetrics(std::vector<int64_t> ks) : ks_(std::move(ks)) {
    const int64_t max_k = ks_.empty() ? 0 : *std::max_element(ks_.begin(), ks_.end());
    ideal_dcg_prefix_.assign(max_k + 1, 0.0);
    for (int64_t i = 1; i <= max_k; ++i) ideal_dcg_prefix_[i] = ideal_dcg_prefix_[i - 1] + 1.0 / std::log2(i + 1.0);
}

void UserMetrics::compute(int64_t* ranks, int64_t known, int64_t truth_total, double* out) const {
    std::sort(ranks, ranks + known);
    const size_t nk = ks_.size();
    for (size_t k = 0; k < nk; ++k) {
        const int64_t cutoff = ks_[k];
        int64_t hits = 0;
        double dcg = 0.0;
        for (int64_t t = 0; t < known && ranks[t] <= cutoff; ++t) {
            ++hits;
            dcg += 1.0 / std::log2(ranks[t] + 1.0);
        }
        out[k] = hits > 0 ? 1.0 : 0.0;
        out[nk + k] = static_cast<double>(hits) / truth_total;
        out[2 * nk + k] = dcg / ideal_dcg_prefix_[std::min(cutoff, truth_total)];
    }
    out[3 * nk] = known > 0 ? 1.0 / ranks[0] : 0.0;
}

}  // namespace persona::metrics
