// ChartSpec: one entry of report.html's `charts` param (which table, which kind of chart, which columns),
// read from the param's JSON and checked for shape: known kind and keys, value types, required columns.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "persona/artifact.h"

namespace persona::reports {

// The kinds of chart a spec can ask for.
enum class ChartKind { Bars, Heatmap, Lines, Scatter };

// "bars", "heatmap", "lines", "scatter".
const char* to_string(ChartKind kind);

// How the rows of one bar or heat-map cell combine: counted, or the sum or mean of the value column.
enum class Aggregate { Count, Sum, Mean };

// The order of bars: largest value first, natural label order, or the order labels first appear in the table.
enum class BarOrder { Value, Label, None };

// Keeps the rows whose `column` equals `value` (a JSON string or number).
struct RowFilter {
    std::string column;
    Json value;
};

// One chart as the param describes it; column names are not yet checked against a table.
struct ChartSpec {
    size_t position = 0;          // 1-based place in the drawing order
    std::string table;            // a tables input: "step.output" or "step"
    ChartKind kind = ChartKind::Bars;
    std::string title;            // as given, else the map key of the named form, else made from the columns
    std::string label;            // bars: the label column
    std::string value;            // bars, heatmap: the value column ("" = count rows)
    std::string x, y;             // heatmap, scatter: the two columns; lines: x
    std::vector<std::string> ys;  // lines: the y columns, one line each
    Aggregate agg = Aggregate::Count;
    BarOrder sort = BarOrder::Value;
    int64_t limit = 0;            // bars: top N; scatter: rows drawn (evenly spaced); 0 = all
    std::vector<std::string> x_order, y_order;  // heatmap: these categories first, in this order
    std::vector<RowFilter> where;               // all must hold
    bool diagonal = false;                      // scatter: draw y = x

    // "chart #2 'RFM grid'", for messages.
    std::string describe() const;
};

// Default `limit` of bars and of scatter plots.
inline constexpr int64_t kDefaultBarLimit = 30;
inline constexpr int64_t kDefaultScatterLimit = 2000;

// Reads the `charts` param: a list of chart maps (drawn in list order), or a map of name -> chart map (drawn in
// name order, each name the chart's default title). Throws Error naming the param, the chart and the key.
std::vector<ChartSpec> read_chart_specs(const Json& param);

}  // namespace persona::reports
