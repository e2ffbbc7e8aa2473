// MetricsGrid: a Metrics artifact laid out as a table, with the best value of each column marked.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "persona/artifact.h"

namespace persona::reports {

// One cell: a number, a text, or nothing (the row lacks this metric).
struct MetricCell {
    enum class Type { Empty, Number, Text };
    Type type = Type::Empty;
    double number = 0;
    std::string text;
    bool best = false;  // the best number of its column (ties all marked)
};

// Rows = the Metrics rows (by label); columns = the union of metric names in first-seen order.
struct MetricsGrid {
    std::vector<std::string> row_labels;
    std::vector<std::string> columns;
    std::vector<bool> lower_is_better;           // per column
    std::vector<bool> numeric;                   // per column: at least one cell is a number
    std::vector<std::vector<MetricCell>> cells;  // [row][column]
};

// True for metric names where smaller is better: they contain loss, error, mae or mse (any case, so rmse too).
bool lower_is_better(std::string_view metric_name);

// Lays out metrics as a grid and marks each column's best value. A column's best is marked only
// when at least two rows have finite numbers there and they are not all equal.
MetricsGrid build_metrics_grid(const Metrics& metrics);

}  // namespace persona::reports
