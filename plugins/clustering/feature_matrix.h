// Feature matrix: the numeric columns a clustering step uses, log1p-transformed, mean-imputed and z-scored.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "persona/table.h"

namespace persona::clustering {

// Rows x features, one row per contiguous block of memory (a row is one user).
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Which columns to use and how to prepare them (the shared params of the clustering operators).
struct FeatureOptions {
    std::vector<std::string> features;  // [] = every int64/float64 column except the id
    std::string id = "user";            // int64 id column, carried to the outputs
    std::vector<std::string> log1p;     // columns (among the features) replaced by log(1 + x) first
    bool standardize = true;            // z-score every feature column
};

// The prepared features of a table and how they were prepared.
struct FeatureMatrix {
    std::vector<int64_t> ids;            // the id column (kNullInt kept)
    std::vector<std::string> names;      // matrix columns; a vector column v of width w gives v[0] .. v[w-1]
    std::vector<bool> log1p;             // per matrix column: log1p applied
    RowMatrix original;                  // original units; a missing cell holds the column's mean
    RowMatrix transformed;               // after log1p (the "analysis scale"); a missing cell holds the column's mean
    RowMatrix values;                    // what clustering measures: `transformed`, z-scored when standardized
    std::vector<double> means;           // per column of `transformed`
    std::vector<double> stds;            // population std of `transformed`; 1 for a constant column
    bool standardized = true;
    int64_t missing_cells = 0;           // null / NaN / infinite cells, imputed with the column mean
    int64_t rows_with_missing = 0;       // rows with at least one such cell
    int64_t log1p_out_of_domain = 0;     // log1p cells with x <= -1: treated as missing (also in missing_cells)
    std::vector<std::string> constant_features;  // columns whose every value is the same

    int64_t rows() const { return values.rows(); }
    int64_t cols() const { return values.cols(); }
};

// Selects and prepares the feature columns of `table`. Throws Error (prefixed by `op`) for a missing id or
// feature column, a non-numeric feature, a log1p column that is not a feature, an empty table, no feature
// columns, or a column with no value at all.
FeatureMatrix build_feature_matrix(const Table& table, const FeatureOptions& options, const std::string& op);

// The names of the feature columns `options` selects in `table` (before vector expansion), checked.
std::vector<std::string> select_feature_columns(const Table& table, const FeatureOptions& options,
                                                const std::string& op);

}  // namespace persona::clustering
