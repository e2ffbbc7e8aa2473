#include "metrics_grid.h"

#include <cmath>
#include <unordered_map>

namespace persona::reports {

namespace {

// True when haystack contains needle, comparing ASCII letters case-insensitively.
bool contains_ignoring_case(std::string_view haystack, std::string_view needle) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (needle.size() > haystack.size()) return false;
    for (size_t start = 0; start + needle.size() <= haystack.size(); ++start) {
        size_t i = 0;
        while (i < needle.size() && lower(haystack[start + i]) == needle[i]) ++i;
        if (i == needle.size()) return true;
    }
    return false;
}

// Marks the best finite number of one column (see build_metrics_grid for when).
void mark_best(MetricsGrid& grid, size_t column) {
    const bool lower = grid.lower_is_better[column];
    double best = 0, worst = 0;
    size_t count = 0;
    for (const auto& row : grid.cells) {
        const MetricCell& cell = row[column];
        if (cell.type != MetricCell::Type::Number || !std::isfinite(cell.number)) continue;
        const bool better = lower ? cell.number < best : cell.number > best;
        const bool poorer = lower ? cell.number > worst : cell.number < worst;
        if (count == 0 || better) best = cell.number;
        if (count == 0 || poorer) worst = cell.number;
        ++count;
    }
    if (count < 2 || best == worst) return;
    for (auto& row : grid.cells) {
        MetricCell& cell = row[column];
        cell.best = cell.type == MetricCell::Type::Number && cell.number == best;
    }
}

}  // namespace

bool lower_is_better(std::string_view metric_name) {
    for (std::string_view marker : {"loss", "error", "mae", "mse"})
        if (contains_ignoring_case(metric_name, marker)) return true;
    return false;
}

MetricsGrid build_metrics_grid(const Metrics& metrics) {
    MetricsGrid grid;
    std::unordered_map<std::string, size_t> column_of;  // lookup only; order lives in grid.columns
    for (const auto& row : metrics.rows)
        for (const auto& [name, value] : row.values)
            if (column_of.emplace(name, grid.columns.size()).second) grid.columns.push_back(name);
    for (const auto& name : grid.columns) grid.lower_is_better.push_back(lower_is_better(name));

    grid.cells.assign(metrics.rows.size(), std::vector<MetricCell>(grid.columns.size()));
    for (size_t r = 0; r < metrics.rows.size(); ++r) {
        const auto& row = metrics.rows[r];
        grid.row_labels.push_back(row.label);
        for (const auto& [name, value] : row.values) {
            MetricCell& cell = grid.cells[r][column_of.at(name)];
            if (const double* number = std::get_if<double>(&value)) {
                cell.type = MetricCell::Type::Number;
                cell.number = *number;
            } else {
                cell.type = MetricCell::Type::Text;
                cell.text = std::get<std::string>(value);
            }
        }
    }
    grid.numeric.assign(grid.columns.size(), false);
    for (const auto& row : grid.cells)
        for (size_t c = 0; c < row.size(); ++c)
            if (row[c].type == MetricCell::Type::Number) grid.numeric[c] = true;
    for (size_t c = 0; c < grid.columns.size(); ++c) mark_best(grid, c);
    return grid;
}

}  // namespace persona::reports
