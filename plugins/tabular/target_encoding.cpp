#include "target_encoding.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "persona/error.h"
#include "table_access.h"

namespace persona::tabular {

namespace {

// The class name of a number: integers without a decimal point, others in the shortest exact form.
std::string number_class(double value) {
    if (value == std::floor(value) && std::fabs(value) < 1e15) return std::to_string(static_cast<int64_t>(value));
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

// The class name of one cell ("" when null).
std::string class_of(const Column& column, int64_t row) {
    if (column.is_null(row)) return "";
    if (column.type == ColumnType::String) return std::string(column.text(row));
    return number_class(column.number(row));
}

// The sorted distinct classes of a column: numerically for number columns, by text for strings.
std::vector<std::string> distinct_classes(const Column& column) {
    if (column.type == ColumnType::String) {
        std::vector<std::string> classes;
        std::vector<bool> used(column.dict.size(), false);
        for (int64_t code : column.ints)
            if (code >= 0 && !used[code]) {
                used[code] = true;
                classes.push_back(column.dict[code]);
            }
        std::sort(classes.begin(), classes.end());
        classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
        return classes;
    }
    std::vector<double> values;
    for (int64_t row = 0; row < column.size(); ++row)
        if (!column.is_null(row)) values.push_back(column.number(row));
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    std::vector<std::string> classes;
    for (double v : values) classes.push_back(number_class(v));
    return classes;
}

TargetEncoding fit_classes(const Column& column) {
    TargetEncoding target;
    target.column = column.name;
    target.task = Task::Classification;
    target.classes = distinct_classes(column);
    if (target.classes.size() < 2)
        throw Error(std::string(kMlpOp) + ": the target column '" + column.name + "' has " +
                    std::to_string(target.classes.size()) + " class" + (target.classes.size() == 1 ? " ('" +
                    target.classes[0] + "')" : "es") + " in the 'train' table; classification needs at least 2");
    return target;
}

TargetEncoding fit_regression(const Column& column) {
    double sum = 0, sum_sq = 0;
    int64_t n = 0;
    for (int64_t row = 0; row < column.size(); ++row) {
        const double v = column.number(row);
        if (std::isnan(v)) continue;
        sum += v;
        sum_sq += v * v;
        ++n;
    }
    if (n == 0)
        throw Error(std::string(kMlpOp) + ": the target column '" + column.name +
                    "' has no non-null value in the 'train' table");
    TargetEncoding target;
    target.column = column.name;
    target.task = Task::Regression;
    target.mean = sum / n;
    const double sd = std::sqrt(std::max(0.0, sum_sq / n - target.mean * target.mean));
    target.scale = sd > 1e-12 ? sd : 1.0;
    return target;
}

}  // namespace

const char* to_string(Task task) { return task == Task::Classification ? "classification" : "regression"; }

Json TargetEncoding::to_json() const {
    Json json{{"column", column}, {"task", to_string(task)}};
    if (task == Task::Classification)
        json["classes"] = classes;
    else
        json.update(Json{{"mean", mean}, {"scale", scale}});
    return json;
}

TargetEncoding TargetEncoding::from_json(const Json& json) {
    TargetEncoding target;
    try {
        target.column = json.at("column").get<std::string>();
        const auto task = json.at("task").get<std::string>();
        if (task != "classification" && task != "regression")
            throw Error(std::string(kMlpOp) + ": model metadata has an unknown task '" + task + "'");
        target.task = task == "classification" ? Task::Classification : Task::Regression;
        if (target.task == Task::Classification) {
            target.classes = json.at("classes").get<std::vector<std::string>>();
        } else {
            target.mean = json.at("mean").get<double>();
            target.scale = json.at("scale").get<double>();
        }
    } catch (const Json::exception& e) {
        throw Error(std::string(kMlpOp) + ": the model's target metadata is malformed: " + e.what());
    }
    return target;
}

Task choose_task(const Column& column, const std::string& requested) {
    const bool numeric = column.type == ColumnType::Int64 || column.type == ColumnType::Float64;
    if (column.type != ColumnType::String && !numeric)
        throw Error(std::string(kMlpOp) + ": the target column '" + column.name + "' is " + to_string(column.type) +
                    "; expected string or int64 (classification) or float64 (regression)");
    if (requested == "classification") return Task::Classification;
    if (requested == "regression") {
        if (!numeric)
            throw Error(std::string(kMlpOp) + ": param task is 'regression' but the target column '" + column.name +
                        "' is string; regression needs an int64 or float64 target");
        return Task::Regression;
    }
    if (requested != "auto")
        throw Error(std::string(kMlpOp) + ": param task is '" + requested +
                    "'; expected auto, classification or regression");
    return column.type == ColumnType::Float64 ? Task::Regression : Task::Classification;
}

TargetEncoding fit_target(const Column& column, Task task) {
    return task == Task::Classification ? fit_classes(column) : fit_regression(column);
}

EncodedTarget encode_target(const TargetEncoding& target, const Column& column, const std::string& input) {
    EncodedTarget encoded;
    const int64_t rows = column.size();
    if (target.task == Task::Regression) {
        if (column.type != ColumnType::Int64 && column.type != ColumnType::Float64)
            throw Error(std::string(kMlpOp) + ": the target column '" + column.name + "' of the '" + input +
                        "' table is " + to_string(column.type) + "; regression needs int64 or float64");
        for (int64_t row = 0; row < rows; ++row) {
            const double v = column.number(row);
            if (std::isnan(v)) {
                ++encoded.dropped;
                continue;
            }
            encoded.rows.push_back(row);
            encoded.values.push_back(static_cast<float>((v - target.mean) / target.scale));
        }
        return encoded;
    }
    std::unordered_map<std::string, int64_t> index;
    for (size_t i = 0; i < target.classes.size(); ++i) index.emplace(target.classes[i], i);
    for (int64_t row = 0; row < rows; ++row) {
        auto it = column.is_null(row) ? index.end() : index.find(class_of(column, row));
        if (it == index.end()) {
            ++encoded.dropped;
            continue;
        }
        encoded.rows.push_back(row);
        encoded.labels.push_back(it->second);
    }
    return encoded;
}

}  // namespace persona::tabular
