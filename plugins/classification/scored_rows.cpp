#include "scored_rows.h"

#include <algorithm>
#include <map>
#include <set>

#include "columns.h"
#include "persona/error.h"

namespace persona::classification {

namespace {

constexpr const char* kProbabilityPrefix = "p_";

// The id column as text keys (int64 ids as their digits); throws Error for another type.
const Column& require_id(const Table& table, const std::string& id, const std::string& input, const std::string& op) {
    const Column& column = require_column(table, id, {op, input, "id"});
    if (column.type != ColumnType::Int64 && column.type != ColumnType::String)
        throw Error(op + ": column '" + id + "' of input '" + input + "' (param 'id') is " + to_string(column.type) +
                    "; expected int64 or string ids");
    return column;
}

// The float64 p_<class> columns of a predictions table: class text -> column.
std::map<std::string, const Column*> probability_columns(const Table& predictions) {
    std::map<std::string, const Column*> out;
    for (const auto& column : predictions.columns())
        if (column.type == ColumnType::Float64 && column.name.rfind(kProbabilityPrefix, 0) == 0)
            out[column.name.substr(2)] = &column;
    return out;
}

int64_t index_of(const std::vector<std::string>& classes, const std::string& text) {
    return std::lower_bound(classes.begin(), classes.end(), text) - classes.begin();
}

}  // namespace

bool ScoredRows::has_probabilities() const {
    return std::any_of(probability.begin(), probability.end(), [](const auto& p) { return !p.empty(); });
}

Truth read_truth(const Table& table, const std::string& id, const std::string& target, const std::string& op) {
    const Column& ids = require_id(table, id, "truth", op);
    const Column& labels = require_label(table, target, {op, "truth", "target"});
    Truth truth;
    std::map<std::string, int64_t> counts;
    for (int64_t row = 0; row < table.rows(); ++row) {
        if (ids.is_null(row) || labels.is_null(row)) {
            ++truth.null_rows;
            continue;
        }
        const std::string key = label_text(ids, row), label = label_text(labels, row);
        if (!truth.class_of.emplace(key, label).second)
            throw Error(op + ": input 'truth' has id " + key + " (column '" + id +
                        "') on more than one row; the truth needs one row per id");
        ++counts[label];
    }
    for (const auto& [label, n] : counts) {
        truth.classes.push_back(label);
        truth.rows_per_class.push_back(n);
    }
    return truth;
}

ScoredRows score_rows(const Table& predictions, const std::string& label, const Truth& truth,
                      const PredictionColumns& columns, const std::string& op) {
    const std::string input = "predictions (step '" + label + "')";
    const Column& ids = require_id(predictions, columns.id, input, op);
    const Column& predicted = require_label(predictions, columns.prediction, {op, input, "prediction"});
    const auto probabilities = probability_columns(predictions);

    std::set<std::string> classes(truth.classes.begin(), truth.classes.end());
    for (int64_t row = 0; row < predictions.rows(); ++row)
        if (!predicted.is_null(row)) classes.insert(label_text(predicted, row));
    for (const auto& [name, column] : probabilities) classes.insert(name);
    ScoredRows out;
    out.classes.assign(classes.begin(), classes.end());

    std::vector<int64_t> matched_rows;
    std::set<std::string> seen;
    for (int64_t row = 0; row < predictions.rows(); ++row) {
        if (ids.is_null(row)) {
            ++out.unmatched;
            continue;
        }
        const std::string key = label_text(ids, row);
        if (!seen.insert(key).second)
            throw Error(op + ": " + input + " has id " + key + " on more than one row; one prediction per id");
        auto it = truth.class_of.find(key);
        if (it == truth.class_of.end()) {
            ++out.unmatched;
            continue;
        }
        matched_rows.push_back(row);
        out.truth.push_back(index_of(out.classes, it->second));
        if (predicted.is_null(row)) {
            ++out.null_predictions;
            out.predicted.push_back(-1);
        } else {
            out.predicted.push_back(index_of(out.classes, label_text(predicted, row)));
        }
    }
    out.uncovered = static_cast<int64_t>(truth.class_of.size() - matched_rows.size());
    out.probability.resize(out.classes.size());
    for (const auto& [name, column] : probabilities) {
        auto& p = out.probability[index_of(out.classes, name)];
        for (int64_t row : matched_rows) p.push_back(column->floats[row]);
    }
    return out;
}

ScoredRows majority_rows(const Truth& truth) {
    ScoredRows out;
    out.classes = truth.classes;
    int64_t total = 0, best = 0;
    for (size_t c = 0; c < truth.classes.size(); ++c) {
        total += truth.rows_per_class[c];
        if (truth.rows_per_class[c] > truth.rows_per_class[best]) best = static_cast<int64_t>(c);
    }
    std::vector<std::pair<std::string, std::string>> rows(truth.class_of.begin(), truth.class_of.end());
    std::sort(rows.begin(), rows.end());  // a fixed order (the scores do not depend on it)
    for (const auto& [key, label] : rows) {
        out.truth.push_back(index_of(out.classes, label));
        out.predicted.push_back(best);
    }
    out.probability.resize(out.classes.size());
    for (size_t c = 0; c < out.classes.size(); ++c)
        out.probability[c].assign(rows.size(), static_cast<double>(truth.rows_per_class[c]) / std::max<int64_t>(1, total));
    return out;
}

}  // namespace persona::classification
