#include "training_curves.h"

#include <algorithm>
#include <iterator>

#include "svg.h"

namespace persona::reports {

namespace {

constexpr const char* kEpochColumn = "epoch";

bool is_numeric(const Column& column) { return column.type == ColumnType::Int64 || column.type == ColumnType::Float64; }

// Numeric columns that are neither the x axis nor bookkeeping (learning rate, wall time).
bool is_drawn(const Column& column) {
    return is_numeric(column) && column.name != kEpochColumn && column.name != "lr" && column.name != "seconds";
}

bool is_loss(const std::string& name) { return name.find("loss") != std::string::npos; }

// Rows with an epoch, in ascending epoch order (ties keep row order).
std::vector<int64_t> rows_by_epoch(const Column& epoch) {
    std::vector<int64_t> rows;
    for (int64_t r = 0; r < epoch.size(); ++r)
        if (!epoch.is_null(r)) rows.push_back(r);
    std::stable_sort(rows.begin(), rows.end(), [&](int64_t a, int64_t b) { return epoch.number(a) < epoch.number(b); });
    return rows;
}

// The drawn columns as chart series over `rows`: losses first, then metrics (each in column order).
std::vector<LineSeries> curve_series(const Table& table, const std::vector<int64_t>& rows) {
    std::vector<LineSeries> losses, metrics;
    for (const Column& column : table.columns()) {
        if (!is_drawn(column)) continue;
        LineSeries s;
        s.name = column.name;
        s.values.reserve(rows.size());
        for (int64_t r : rows) s.values.push_back(column.number(r));
        (is_loss(column.name) ? losses : metrics).push_back(std::move(s));
    }
    if (!losses.empty())
        for (LineSeries& s : metrics) s.right_axis = true;
    losses.insert(losses.end(), std::make_move_iterator(metrics.begin()), std::make_move_iterator(metrics.end()));
    return losses;
}

}  // namespace

bool is_training_curve(const Table& table) {
    if (!table.has(kEpochColumn) || !is_numeric(table.column(kEpochColumn))) return false;
    const auto& columns = table.columns();
    return std::any_of(columns.begin(), columns.end(), is_drawn);
}

void append_training_curve_chart(std::string& out, const Table& table, const std::string& label) {
    const Column& epoch = table.column(kEpochColumn);
    const std::vector<int64_t> rows = rows_by_epoch(epoch);
    std::vector<double> x;
    x.reserve(rows.size());
    for (int64_t r : rows) x.push_back(epoch.number(r));
    LineChartStyle style;
    style.title = label;
    style.x_label = kEpochColumn;
    append_line_chart(out, x, curve_series(table, rows), style);
}

}  // namespace persona::reports
