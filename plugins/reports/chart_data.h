// Chart data: a chart spec applied to its table — rows filtered, grouped and aggregated, ordered, limited or
// sampled — giving the numbers to draw and notes on what was left out.
#pragma once
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "chart_columns.h"
#include "chart_spec.h"
#include "svg.h"

namespace persona::reports {

// Bars: one per label, in drawing order.
struct BarsData {
    std::vector<Bar> bars;
    std::string label_name, value_name;  // column headers: "segment", "users" (or "rows", "mean monetary")
};

// A heat map: values[row * x_labels.size() + column], NaN = no rows there (a count is 0 instead).
struct HeatmapData {
    std::vector<std::string> x_labels, y_labels;
    std::vector<double> values;
    std::string x_name, y_name, value_name;
};

// Lines: the series against x (ascending). A string x column gives categories instead: x = 0, 1, 2... in row
// order, labelled by x_labels.
struct LinesData {
    std::vector<double> x;
    std::vector<std::string> x_labels;  // "" = numeric x
    std::vector<LineSeries> series;
    std::string x_name;
};

// A scatter plot's points.
struct ScatterData {
    std::vector<double> x, y;
    std::string x_name, y_name;
    bool diagonal = false;
};

// One chart of the Charts section.
struct ChartBlock {
    std::string title;
    std::string table_label;  // the tables input it was drawn from
    ChartKind kind = ChartKind::Bars;
    std::variant<BarsData, HeatmapData, LinesData, ScatterData> data;
    std::vector<std::string> notes;  // rows filtered, left out, limited or sampled
    int64_t rows_left_out = 0;       // rows with a missing label, x, y or value
};

// A heat map axis may have at most this many categories.
inline constexpr size_t kMaxHeatmapCategories = 60;

// Builds the chart `spec` asks for from source.table. Throws Error (starting with source.where) for a missing
// column, a column of the wrong type or a heat map with too many categories.
ChartBlock build_chart(const ChartSpec& spec, const ChartSource& source);

}  // namespace persona::reports
