// Target encoding: the task (classification or regression), the classes, and the target's scaling.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "persona/artifact.h"
#include "persona/table.h"

namespace persona::tabular {

// What the MLP predicts.
enum class Task { Classification, Regression };

const char* to_string(Task task);

// How the target column maps to network outputs.
struct TargetEncoding {
    std::string column;                // the target column's name
    Task task = Task::Classification;
    std::vector<std::string> classes;  // classification: class names; output i is classes[i]
    double mean = 0, scale = 1;        // regression: the network predicts (y - mean) / scale

    Json to_json() const;
    static TargetEncoding from_json(const Json& json);  // throws Error on malformed metadata
};

// The labelled rows of one table: row indices with a usable target and their encoded labels.
struct EncodedTarget {
    std::vector<int64_t> rows;      // rows kept (target not null, class known)
    std::vector<int64_t> labels;    // classification: class index per kept row
    std::vector<float> values;      // regression: standardized target per kept row
    int64_t dropped = 0;            // rows without a usable target
};

// The task for `column`: `requested` (auto | classification | regression); auto picks
// classification for string and int64 columns, regression for float64. Throws Error otherwise.
Task choose_task(const Column& column, const std::string& requested);

// Fits the classes (sorted, at least two) or the regression scaling on the train target column.
TargetEncoding fit_target(const Column& column, Task task);

// Encodes the target column of one table (input port `input`); rows with a null target or a class
// unknown to the encoding are dropped and counted.
EncodedTarget encode_target(const TargetEncoding& target, const Column& column, const std::string& input);

}  // namespace persona::tabular
