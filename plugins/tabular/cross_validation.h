// Cross-validation for model.mlp: stratified fold assignment and stacking the folds' prediction tables.
#pragma once
#include <cstdint>
#include <vector>

#include "persona/table.h"

namespace persona::tabular {

// The fold (0..k-1) of each row, stratified by label: per label, the rows in a seeded random order
// are dealt to the folds in turn, the deal continuing from label to label (labels in ascending
// order), so every fold holds floor or ceil of n_c / k rows of each label c and fold sizes differ
// by at most one. Regression passes one label for all rows (plain shuffled k-fold).
// Throws Error when k < 2 or k exceeds the number of rows.
std::vector<int64_t> stratified_folds(const std::vector<int64_t>& labels, int64_t k, uint64_t seed);

// The positions i with (folds[i] == fold) == held_out, ascending.
std::vector<int64_t> fold_rows(const std::vector<int64_t>& folds, int64_t fold, bool held_out);

// The rows of several tables with the same columns (names and types), one after another.
// String columns are re-encoded; vector columns must have the same width. Throws Error otherwise.
Table stack_rows(const std::vector<Table>& parts);

}  // namespace persona::tabular
