// Feature layout: which table columns feed the MLP, how each becomes inputs, and their standardization.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "persona/artifact.h"
#include "persona/table.h"

namespace persona::tabular {

// How one feature column becomes network inputs.
enum class FeatureKind {
    Number,  // an int64 or float64 column: one input
    Vector,  // a float32 vector column (e.g. an embedding): one input per component
    OneHot,  // a string column: one input per train category (unknown or null -> all zero)
};

// One feature column and the inputs it takes.
struct FeatureColumn {
    std::string name;
    FeatureKind kind = FeatureKind::Number;
    int64_t width = 1;                     // inputs this column takes
    std::vector<std::string> vocabulary;   // OneHot: the train categories, input order
};

// The full input layout: columns in input order and per-input standardization (x - mean) / scale.
struct FeatureLayout {
    std::vector<FeatureColumn> columns;
    std::vector<float> mean;   // per input; the train mean (nulls are imputed with it)
    std::vector<float> scale;  // per input; the train standard deviation (1 when constant or one-hot)

    int64_t width() const { return static_cast<int64_t>(mean.size()); }
    Json to_json() const;
    static FeatureLayout from_json(const Json& json);  // throws Error on a malformed layout
};

// Data problems met while encoding a table.
struct EncodeCounts {
    int64_t imputed = 0;             // null numbers / NaN vector components replaced by the train mean
    int64_t unknown_categories = 0;  // string cells not in the train vocabulary (encoded all zero)
};

// The feature columns: `requested` if not empty (a name with '*' is a pattern: every matching
// column other than `target` and `id`, in table order; a column named twice is taken once), else
// every int64, float64 and vector column of `train` other than `target` and `id`. Throws Error
// when a named column is missing, a pattern matches nothing, or nothing is left.
std::vector<std::string> choose_feature_columns(const Table& train, const std::vector<std::string>& requested,
                                                const std::string& target, const std::string& id);

// Builds the layout from the train table: kinds, vocabularies, means and standard deviations
// (nulls ignored). With `standardize` false every number keeps its value (mean 0, scale 1, so a
// null becomes 0). Throws Error for a missing column or one of an unsupported type.
FeatureLayout fit_layout(const Table& train, const std::vector<std::string>& columns, bool standardize = true);

// Encodes every row of `table` (input port `input`) as standardized values, row-major
// [rows x layout.width()]. Throws Error when a column is missing or its type or width changed.
std::vector<float> encode_features(const FeatureLayout& layout, const Table& table, const std::string& input,
                                   EncodeCounts& counts);

}  // namespace persona::tabular
