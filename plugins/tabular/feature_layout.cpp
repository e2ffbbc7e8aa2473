#include "feature_layout.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "persona/error.h"
#include "table_access.h"

namespace persona::tabular {

namespace {

constexpr double kMinScale = 1e-12;

const char* kind_name(FeatureKind kind) {
    switch (kind) {
        case FeatureKind::Number: return "number";
        case FeatureKind::Vector: return "vector";
        case FeatureKind::OneHot: return "onehot";
    }
    return "?";
}

FeatureKind kind_from_name(const std::string& name) {
    if (name == "number") return FeatureKind::Number;
    if (name == "vector") return FeatureKind::Vector;
    if (name == "onehot") return FeatureKind::OneHot;
    throw Error(std::string(kMlpOp) + ": model metadata has an unknown feature kind '" + name +
                "' (expected number, vector or onehot)");
}

// Running mean and variance of one input over its non-null values.
struct InputStats {
    double sum = 0, sum_sq = 0;
    int64_t n = 0;
    void add(double v) {
        if (std::isnan(v)) return;
        sum += v;
        sum_sq += v * v;
        ++n;
    }
    float mean() const { return n ? static_cast<float>(sum / n) : 0.0f; }
    float scale() const {
        if (n == 0) return 1.0f;
        const double m = sum / n;
        const double sd = std::sqrt(std::max(0.0, sum_sq / n - m * m));
        return sd > kMinScale && std::isfinite(sd) ? static_cast<float>(sd) : 1.0f;
    }
};

// The kind a column of this type gets; throws Error for list columns.
FeatureKind kind_of(const Column& column) {
    switch (column.type) {
        case ColumnType::Int64:
        case ColumnType::Float64: return FeatureKind::Number;
        case ColumnType::Vector: return FeatureKind::Vector;
        case ColumnType::String: return FeatureKind::OneHot;
        default: break;
    }
    throw Error(std::string(kMlpOp) + ": feature column '" + column.name + "' is " + to_string(column.type) +
                "; expected int64, float64, string or vector (param 'features')");
}

// The sorted distinct non-null texts of a string column.
std::vector<std::string> vocabulary_of(const Column& column) {
    std::vector<bool> used(column.dict.size(), false);
    for (int64_t code : column.ints)
        if (code >= 0) used[code] = true;
    std::vector<std::string> vocabulary;
    for (size_t code = 0; code < used.size(); ++code)
        if (used[code]) vocabulary.push_back(column.dict[code]);
    std::sort(vocabulary.begin(), vocabulary.end());
    vocabulary.erase(std::unique(vocabulary.begin(), vocabulary.end()), vocabulary.end());
    return vocabulary;
}

// Appends the mean and scale of each input of `feature` (fitted on `column`) to the layout;
// mean 0 and scale 1 for one-hot inputs and when not standardizing.
void fit_inputs(const FeatureColumn& feature, const Column& column, bool standardize, FeatureLayout& layout) {
    if (feature.kind == FeatureKind::OneHot || !standardize) {
        layout.mean.insert(layout.mean.end(), feature.width, 0.0f);
        layout.scale.insert(layout.scale.end(), feature.width, 1.0f);
        return;
    }
    std::vector<InputStats> stats(feature.width);
    const int64_t rows = column.size();
    for (int64_t row = 0; row < rows; ++row) {
        if (feature.kind == FeatureKind::Number) {
            stats[0].add(column.number(row));
        } else {
            for (int64_t j = 0; j < feature.width; ++j) stats[j].add(column.vectors[row * feature.width + j]);
        }
    }
    for (const auto& s : stats) {
        layout.mean.push_back(s.mean());
        layout.scale.push_back(s.scale());
    }
}

// Checks that `column` (of input `input`) can be encoded as `feature` was fitted.
void check_compatible(const FeatureColumn& feature, const Column& column, const std::string& input) {
    const FeatureKind kind = kind_of(column);
    if (kind != feature.kind)
        throw Error(std::string(kMlpOp) + ": feature column '" + feature.name + "' of the '" + input + "' table is " +
                    to_string(column.type) + " but was " + kind_name(feature.kind) + " when the model was trained");
    if (kind == FeatureKind::Vector && column.width != feature.width)
        throw Error(std::string(kMlpOp) + ": vector column '" + feature.name + "' of the '" + input + "' table has " +
                    std::to_string(column.width) + " components, the model was trained with " +
                    std::to_string(feature.width));
}

// Writes one standardized value; a NaN becomes the mean (0 after standardization) and is counted.
inline float standardized(double value, float mean, float scale, int64_t& imputed) {
    if (std::isnan(value)) {
        ++imputed;
        return 0.0f;
    }
    return static_cast<float>((value - mean) / scale);
}

// Fills the inputs [offset, offset + width) of every row from one column.
void encode_column(const FeatureColumn& feature, const Column& column, const FeatureLayout& layout, int64_t offset,
                   float* out, EncodeCounts& counts) {
    const int64_t rows = column.size();
    const int64_t stride = layout.width();
    if (feature.kind == FeatureKind::Number) {
        const float mean = layout.mean[offset], scale = layout.scale[offset];
        for (int64_t row = 0; row < rows; ++row)
            out[row * stride + offset] = standardized(column.number(row), mean, scale, counts.imputed);
    } else if (feature.kind == FeatureKind::Vector) {
        for (int64_t row = 0; row < rows; ++row)
            for (int64_t j = 0; j < feature.width; ++j)
                out[row * stride + offset + j] = standardized(column.vectors[row * feature.width + j],
                                                              layout.mean[offset + j], layout.scale[offset + j],
                                                              counts.imputed);
    } else {
        std::unordered_map<std::string, int64_t> position;
        for (size_t i = 0; i < feature.vocabulary.size(); ++i) position.emplace(feature.vocabulary[i], i);
        std::vector<int64_t> code_position(column.dict.size(), -1);  // dictionary code -> one-hot input
        for (size_t code = 0; code < column.dict.size(); ++code) {
            auto it = position.find(column.dict[code]);
            if (it != position.end()) code_position[code] = it->second;
        }
        for (int64_t row = 0; row < rows; ++row) {
            const int64_t code = column.ints[row];
            if (code < 0) continue;  // null: all zero, like an unknown category
            if (code_position[code] < 0) {
                ++counts.unknown_categories;
                continue;
            }
            out[row * stride + offset + code_position[code]] = 1.0f;
        }
    }
}

}  // namespace

Json FeatureLayout::to_json() const {
    Json columns_json = Json::array();
    for (const auto& c : columns) {
        Json entry{{"name", c.name}, {"kind", kind_name(c.kind)}, {"width", c.width}};
        if (c.kind == FeatureKind::OneHot) entry["vocabulary"] = c.vocabulary;
        columns_json.push_back(std::move(entry));
    }
    return Json{{"columns", std::move(columns_json)}, {"mean", mean}, {"scale", scale}};
}

FeatureLayout FeatureLayout::from_json(const Json& json) {
    FeatureLayout layout;
    try {
        for (const auto& entry : json.at("columns")) {
            FeatureColumn c;
            c.name = entry.at("name").get<std::string>();
            c.kind = kind_from_name(entry.at("kind").get<std::string>());
            c.width = entry.at("width").get<int64_t>();
            if (c.kind == FeatureKind::OneHot) c.vocabulary = entry.at("vocabulary").get<std::vector<std::string>>();
            layout.columns.push_back(std::move(c));
        }
        layout.mean = json.at("mean").get<std::vector<float>>();
        layout.scale = json.at("scale").get<std::vector<float>>();
    } catch (const Json::exception& e) {
        throw Error(std::string(kMlpOp) + ": the model's feature layout is malformed: " + e.what());
    }
    int64_t width = 0;
    for (const auto& c : layout.columns) width += c.width;
    if (width != layout.width() || layout.scale.size() != layout.mean.size())
        throw Error(std::string(kMlpOp) + ": the model's feature layout has " + std::to_string(width) +
                    " inputs but " + std::to_string(layout.mean.size()) + " means and " +
                    std::to_string(layout.scale.size()) + " scales");
    return layout;
}

namespace {

// True when `name` matches `pattern`, where '*' stands for any run of characters (possibly empty).
bool matches(const std::string& pattern, const std::string& name) {
    size_t p = 0, n = 0, star = std::string::npos, resume = 0;
    while (n < name.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            resume = n;
        } else if (p < pattern.size() && pattern[p] == name[n]) {
            ++p;
            ++n;
        } else if (star != std::string::npos) {
            p = star + 1;
            n = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

// The columns of `train` a requested name stands for: itself, or for a pattern with '*' every
// matching column other than the target and the id, in table order. Throws Error when none.
std::vector<std::string> expand_requested(const Table& train, const std::string& requested, const std::string& target,
                                          const std::string& id) {
    if (requested.find('*') == std::string::npos) {
        if (requested == target)
            throw Error(std::string(kMlpOp) + ": param 'features' names the target column '" + target + "'");
        require_column(train, requested, "train", "features");
        return {requested};
    }
    std::vector<std::string> out;
    for (const auto& column : train.columns())
        if (column.name != target && column.name != id && matches(requested, column.name)) out.push_back(column.name);
    if (out.empty())
        throw Error(std::string(kMlpOp) + ": param 'features' has the pattern '" + requested +
                    "', which matches no column of the 'train' table (columns: " + column_names(train) + ")");
    return out;
}

}  // namespace

std::vector<std::string> choose_feature_columns(const Table& train, const std::vector<std::string>& requested,
                                                const std::string& target, const std::string& id) {
    if (!requested.empty()) {
        std::vector<std::string> chosen;
        for (const auto& name : requested)
            for (auto& column : expand_requested(train, name, target, id))
                if (std::find(chosen.begin(), chosen.end(), column) == chosen.end()) chosen.push_back(std::move(column));
        return chosen;
    }
    std::vector<std::string> chosen;
    for (const auto& column : train.columns()) {
        if (column.name == target || column.name == id) continue;
        if (column.type == ColumnType::Int64 || column.type == ColumnType::Float64 || column.type == ColumnType::Vector)
            chosen.push_back(column.name);
    }
    if (chosen.empty())
        throw Error(std::string(kMlpOp) + ": the 'train' table has no int64, float64 or vector column besides target '" +
                    target + "' and id '" + id + "' (columns: " + column_names(train) +
                    "); name string columns in param 'features' to one-hot encode them");
    return chosen;
}

FeatureLayout fit_layout(const Table& train, const std::vector<std::string>& columns, bool standardize) {
    FeatureLayout layout;
    for (const auto& name : columns) {
        const Column& column = require_column(train, name, "train", "features");
        FeatureColumn feature;
        feature.name = name;
        feature.kind = kind_of(column);
        if (feature.kind == FeatureKind::Vector) feature.width = column.width;
        if (feature.kind == FeatureKind::OneHot) {
            feature.vocabulary = vocabulary_of(column);
            feature.width = static_cast<int64_t>(feature.vocabulary.size());
        }
        fit_inputs(feature, column, standardize, layout);
        layout.columns.push_back(std::move(feature));
    }
    if (layout.width() == 0)
        throw Error(std::string(kMlpOp) + ": the feature columns give no inputs (string columns without values?)");
    return layout;
}

std::vector<float> encode_features(const FeatureLayout& layout, const Table& table, const std::string& input,
                                   EncodeCounts& counts) {
    std::vector<float> out(static_cast<size_t>(table.rows() * layout.width()), 0.0f);
    int64_t offset = 0;
    for (const auto& feature : layout.columns) {
        const Column& column = require_column(table, feature.name, input, "features");
        check_compatible(feature, column, input);
        encode_column(feature, column, layout, offset, out.data(), counts);
        offset += feature.width;
    }
    return out;
}

}  // namespace persona::tabular
