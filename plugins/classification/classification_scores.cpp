#include "classification_scores.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>

namespace persona::classification {

double accuracy(const std::vector<int64_t>& truth, const std::vector<int64_t>& predicted) {
    if (truth.empty()) return 0.0;
    int64_t hits = 0;
    for (size_t i = 0; i < truth.size(); ++i) hits += truth[i] == predicted[i];
    return static_cast<double>(hits) / truth.size();
}

double macro_f1(const std::vector<int64_t>& truth, const std::vector<int64_t>& predicted) {
    std::set<int64_t> classes(truth.begin(), truth.end());
    for (int64_t c : predicted)
        if (c >= 0) classes.insert(c);  // -1: no prediction (a miss, not a class)
    if (classes.empty()) return 0.0;
    double sum = 0;
    for (int64_t c : classes) {
        int64_t tp = 0, fp = 0, fn = 0;
        for (size_t i = 0; i < truth.size(); ++i) {
            const bool is_true = truth[i] == c, is_predicted = predicted[i] == c;
            tp += is_true && is_predicted;
            fp += !is_true && is_predicted;
            fn += is_true && !is_predicted;
        }
        sum += tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }
    return sum / classes.size();
}

double roc_auc(const std::vector<double>& scores, const std::vector<bool>& positive) {
    const size_t n = scores.size();
    std::vector<double> s(scores);
    for (double& v : s)
        if (std::isnan(v)) v = -std::numeric_limits<double>::infinity();
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return s[a] < s[b]; });
    double positive_rank_sum = 0;
    int64_t positives = 0;
    for (size_t start = 0; start < n;) {
        size_t end = start;
        while (end < n && s[order[end]] == s[order[start]]) ++end;
        const double rank = (start + 1 + end) / 2.0;  // average of the 1-based ranks start+1 .. end
        for (size_t k = start; k < end; ++k)
            if (positive[order[k]]) {
                positive_rank_sum += rank;
                ++positives;
            }
        start = end;
    }
    const int64_t negatives = static_cast<int64_t>(n) - positives;
    if (positives == 0 || negatives == 0) return std::nan("");
    return (positive_rank_sum - positives * (positives + 1) / 2.0) / (static_cast<double>(positives) * negatives);
}

double log_loss(const std::vector<double>& true_class_probability) {
    if (true_class_probability.empty()) return std::nan("");
    double sum = 0;
    for (double p : true_class_probability) sum -= std::log(std::max(std::isnan(p) ? 0.0 : p, 1e-15));
    return sum / true_class_probability.size();
}

std::map<std::pair<int64_t, int64_t>, int64_t> confusion(const std::vector<int64_t>& truth,
                                                         const std::vector<int64_t>& predicted) {
    std::map<std::pair<int64_t, int64_t>, int64_t> counts;
    for (size_t i = 0; i < truth.size(); ++i) ++counts[{truth[i], predicted[i]}];
    return counts;
}

}  // namespace persona::classification
