// Scored rows: a model's predictions joined with the true classes by id, as class indices and
// per-class probabilities, ready for classification_scores.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "persona/table.h"

namespace persona::classification {

// The true class of every truth row that has an id and a target.
struct Truth {
    std::unordered_map<std::string, std::string> class_of;  // id text -> class text
    std::vector<std::string> classes;                        // the distinct true classes, ascending
    std::vector<int64_t> rows_per_class;                     // by classes
    int64_t null_rows = 0;                                   // rows with a null id or target (not used)
};

// Reads the truth table's `id` (int64 or string) and `target` (string or int64) columns. Throws
// Error when a column is missing or of another type, or an id occurs twice. `op` prefixes errors.
Truth read_truth(const Table& truth, const std::string& id, const std::string& target, const std::string& op);

// One model's predictions on the truth rows it covers.
struct ScoredRows {
    std::vector<std::string> classes;             // ascending: the true classes, predicted ones, p_<class> ones
    std::vector<int64_t> truth, predicted;        // class index per matched row
    std::vector<std::vector<double>> probability; // per class: p per matched row; empty without p_<class>
    int64_t unmatched = 0;        // prediction rows with a null id, or an id without a true class
    int64_t uncovered = 0;        // truth rows without a prediction
    int64_t null_predictions = 0; // matched rows with a null prediction (counted as wrong)
    bool has_probabilities() const;
};

// The column names of a predictions table.
struct PredictionColumns {
    std::string id;          // int64 or string ids
    std::string prediction;  // the predicted class, string or int64
};

// Joins a predictions table (the id and prediction columns, float64 `p_<class>` columns) with the
// truth. Throws Error (naming `label`, the producing step) for a missing column or a repeated id.
ScoredRows score_rows(const Table& predictions, const std::string& label, const Truth& truth,
                      const PredictionColumns& columns, const std::string& op);

// The majority baseline on every truth row: the most frequent class (ties: the first in order),
// probabilities = the class frequencies.
ScoredRows majority_rows(const Truth& truth);

}  // namespace persona::classification
