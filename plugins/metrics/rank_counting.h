// Ranks of truth items in one user's score row, and the ranking metrics that follow from them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace persona::metrics {

// Pessimistic rank of each truth column: the number of items scoring >= the truth item's score (itself
// included), i.e. 1 + strictly higher + tied. A NaN truth score gets the worst rank (n); NaN items never
// count. Writes count ranks into `ranks`.
void rank_truth_items(const float* row, int64_t n, const int32_t* truth_cols, int64_t count, int64_t* ranks);

// Metric values of one user, laid out as HR@k..., Recall@k..., NDCG@k... (in `ks` order), then RR.
class UserMetrics {
public:
    explicit UserMetrics(std::vector<int64_t> ks);
    size_t width() const { return 3 * ks_.size() + 1; }
    const std::vector<int64_t>& ks() const { return ks_; }
    // `ranks` holds the ranks of the known truth items (sorted ascending on return); truth_total also counts
    // truth items the model does not know (misses). Writes width() values to out.
    void compute(int64_t* ranks, int64_t known, int64_t truth_total, double* out) const;
private:
    std::vector<int64_t> ks_;
    std::vector<double> ideal_dcg_prefix_;  // ideal_dcg_prefix_[m] = sum_{i=1..m} 1/log2(i+1), m <= max k
};

}  // namespace persona::metrics
