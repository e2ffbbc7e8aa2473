// Classification scores over class indices and class probabilities: accuracy, macro F1, ROC AUC,
// log loss and confusion counts. Plain functions on vectors, no tables.
#pragma once
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace persona::classification {

// The share of rows with predicted[i] == truth[i] (0 for no rows).
double accuracy(const std::vector<int64_t>& truth, const std::vector<int64_t>& predicted);

// The mean F1 over the classes that occur in truth or in predicted (as scikit-learn's macro F1):
// per class F1 = 2 tp / (2 tp + fp + fn). A predicted -1 (no prediction) is a miss, not a class.
double macro_f1(const std::vector<int64_t>& truth, const std::vector<int64_t>& predicted);

// ROC AUC of `scores` for the rows where positive[i] is true against the others: the probability
// that a random positive scores above a random negative, ties counting one half (average ranks;
// a NaN score ranks lowest). NaN when there is no positive or no negative.
double roc_auc(const std::vector<double>& scores, const std::vector<bool>& positive);

// The mean of -ln(max(p, 1e-15)) over the probabilities given to each row's true class.
double log_loss(const std::vector<double>& true_class_probability);

// (true, predicted) -> rows, for the pairs that occur.
std::map<std::pair<int64_t, int64_t>, int64_t> confusion(const std::vector<int64_t>& truth,
                                                         const std::vector<int64_t>& predicted);

}  // namespace persona::classification
