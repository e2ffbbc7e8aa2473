#include "chart_data.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "persona/error.h"

namespace persona::reports {

namespace {

// Running count and sum of one group (a bar or a heat-map cell).
struct Group {
    int64_t rows = 0;
    double sum = 0;
    int64_t first_row = -1;

    void add(int64_t row, double value) {
        if (first_row < 0) first_row = row;
        ++rows;
        sum += value;
    }
    // The group's value under agg; NaN for an empty group unless counting.
    double value(Aggregate agg) const {
        if (agg == Aggregate::Count) return static_cast<double>(rows);
        if (rows == 0) return NAN;
        return agg == Aggregate::Sum ? sum : sum / static_cast<double>(rows);
    }
};

// "users", "rows", "mean monetary": what a bar or cell value is.
std::string value_name(const ChartSpec& spec) {
    if (spec.agg == Aggregate::Count) return "rows";
    return spec.agg == Aggregate::Mean ? "mean " + spec.value : spec.value;
}

// "1 row", "12 rows".
std::string rows_text(int64_t n) { return std::to_string(n) + (n == 1 ? " row" : " rows"); }

// The row filter of the spec, with a note saying how many rows it kept.
std::vector<bool> kept_rows(const ChartSpec& spec, const ChartSource& source, ChartBlock& block) {
    std::vector<bool> keep = filter_rows(source, spec.where);
    if (!spec.where.empty()) {
        std::string condition;
        for (const RowFilter& filter : spec.where) {
            if (!condition.empty()) condition += " and ";
            condition += filter.column + " = " + (filter.value.is_string() ? filter.value.get<std::string>()
                                                                            : filter.value.dump());
        }
        const auto kept = std::count(keep.begin(), keep.end(), true);
        block.notes.push_back("Rows where " + condition + ": " + std::to_string(kept) + " of " +
                              rows_text(source.table.rows()) + ".");
    }
    return keep;
}

// Notes the rows that had no label, x, y or value.
void note_left_out(ChartBlock& block, int64_t left_out, const std::string& what) {
    block.rows_left_out = left_out;
    if (left_out > 0) block.notes.push_back(rows_text(left_out) + " without " + what + " left out.");
}

// Category order: `first` (in its order, drawn even without rows), then the other used natural labels. Returns
// the labels in that order and, per natural label, its place (labels.size() for an unused one).
std::vector<std::string> order_categories(const std::vector<std::string>& natural, const std::vector<bool>& used,
                                          const std::vector<std::string>& first, std::vector<size_t>& place_of_natural) {
    std::vector<std::string> ordered;
    for (const std::string& label : first)
        if (std::find(ordered.begin(), ordered.end(), label) == ordered.end()) ordered.push_back(label);
    for (size_t i = 0; i < natural.size(); ++i)
        if (used[i] && std::find(first.begin(), first.end(), natural[i]) == first.end()) ordered.push_back(natural[i]);
    place_of_natural.clear();
    for (const std::string& label : natural)
        place_of_natural.push_back(static_cast<size_t>(std::find(ordered.begin(), ordered.end(), label) - ordered.begin()));
    return ordered;
}

// Labels without rows get no bar, except in a full domain (every hour, every weekday).
std::vector<size_t> bar_order(const std::vector<Group>& groups, const ChartSpec& spec, bool full_domain) {
    std::vector<size_t> order;
    for (size_t i = 0; i < groups.size(); ++i)
        if (full_domain || groups[i].rows > 0) order.push_back(i);
    if (spec.sort == BarOrder::Value)
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
            return groups[a].value(spec.agg) > groups[b].value(spec.agg);
        });
    if (spec.sort == BarOrder::None)  // first appearance; labels without rows last, in natural order
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
            return static_cast<uint64_t>(groups[a].first_row) < static_cast<uint64_t>(groups[b].first_row);
        });
    return order;  // BarOrder::Label: already in natural label order
}

ChartBlock build_bars(const ChartSpec& spec, const ChartSource& source, ChartBlock block) {
    const std::vector<bool> keep = kept_rows(spec, source, block);
    const CategoryColumn labels = read_category_column(source, spec.label, "label");
    std::vector<double> values;
    if (!spec.value.empty()) values = read_number_column(source, spec.value, "value");
    std::vector<Group> groups(labels.labels.size());
    int64_t left_out = 0;
    for (size_t r = 0; r < keep.size(); ++r) {
        if (!keep[r]) continue;
        const int64_t code = labels.codes[r];
        const double value = values.empty() ? 1.0 : values[r];
        if (code < 0 || !std::isfinite(value)) {
            ++left_out;
            continue;
        }
        groups[static_cast<size_t>(code)].add(static_cast<int64_t>(r), value);
    }
    note_left_out(block, left_out, values.empty() ? "a label" : "a label or value");

    std::vector<size_t> order = bar_order(groups, spec, labels.full_domain);
    if (spec.limit > 0 && order.size() > static_cast<size_t>(spec.limit)) {
        block.notes.push_back(std::to_string(spec.limit) + " of " + std::to_string(order.size()) +
                              " labels shown (limit " + std::to_string(spec.limit) + ").");
        order.resize(static_cast<size_t>(spec.limit));
    }
    BarsData data;
    data.label_name = spec.label;
    data.value_name = value_name(spec);
    for (size_t i : order) data.bars.push_back(Bar{labels.labels[i], groups[i].value(spec.agg), false});
    block.data = std::move(data);
    return block;
}

// The heat map's categories along one axis, in display order (those of drawn rows, and all of `first`); `place`
// maps natural categories to display places.
std::vector<std::string> heatmap_axis(const std::string& where, const CategoryColumn& column,
                                      const std::vector<size_t>& drawn_rows, const std::vector<std::string>& first,
                                      const char* role, const std::string& name, std::vector<size_t>& place) {
    std::vector<bool> used(column.labels.size(), column.full_domain);
    for (size_t r : drawn_rows) used[static_cast<size_t>(column.codes[r])] = true;
    std::vector<std::string> ordered = order_categories(column.labels, used, first, place);
    if (ordered.size() > kMaxHeatmapCategories)
        throw Error(where + ": " + role + " '" + name + "' has " +
                    std::to_string(ordered.size()) + " categories; a heat map shows at most " +
                    std::to_string(kMaxHeatmapCategories) + " (group them, e.g. month(ts), or add a 'where' filter)");
    return ordered;
}

ChartBlock build_heatmap(const ChartSpec& spec, const ChartSource& source, ChartBlock block) {
    const std::vector<bool> keep = kept_rows(spec, source, block);
    const CategoryColumn xs = read_category_column(source, spec.x, "x");
    const CategoryColumn ys = read_category_column(source, spec.y, "y");
    std::vector<double> values;
    if (!spec.value.empty()) values = read_number_column(source, spec.value, "value");
    std::vector<size_t> drawn;  // kept rows with an x, a y and a value
    int64_t left_out = 0;
    for (size_t r = 0; r < keep.size(); ++r) {
        if (!keep[r]) continue;
        if (xs.codes[r] < 0 || ys.codes[r] < 0 || (!values.empty() && !std::isfinite(values[r]))) ++left_out;
        else drawn.push_back(r);
    }
    note_left_out(block, left_out, values.empty() ? "an x or y" : "an x, y or value");

    std::vector<size_t> x_place, y_place;
    HeatmapData data;
    data.x_labels = heatmap_axis(source.where, xs, drawn, spec.x_order, "x", spec.x, x_place);
    data.y_labels = heatmap_axis(source.where, ys, drawn, spec.y_order, "y", spec.y, y_place);
    data.x_name = spec.x;
    data.y_name = spec.y;
    data.value_name = value_name(spec);
    const size_t columns = data.x_labels.size();
    std::vector<Group> cells(columns * data.y_labels.size());
    for (size_t r : drawn) {
        const size_t column = x_place[static_cast<size_t>(xs.codes[r])];
        const size_t row = y_place[static_cast<size_t>(ys.codes[r])];
        cells[row * columns + column].add(static_cast<int64_t>(r), values.empty() ? 1.0 : values[r]);
    }
    for (const Group& cell : cells) data.values.push_back(cell.value(spec.agg));
    block.data = std::move(data);
    return block;
}

// The drawn rows of a lines chart and their x: numbers in ascending order, or for a string column the rows in table
// order at x = 0, 1, 2... with their texts as labels.
std::vector<size_t> line_rows(const ChartSpec& spec, const ChartSource& source, const std::vector<bool>& keep,
                              LinesData& data, int64_t& left_out) {
    std::vector<size_t> rows;
    if (is_string_column(source, spec.x)) {
        const Column& column = source.table.column(spec.x);
        for (size_t r = 0; r < keep.size(); ++r) {
            if (!keep[r]) continue;
            if (column.is_null(static_cast<int64_t>(r))) {
                ++left_out;
                continue;
            }
            rows.push_back(r);
            data.x.push_back(static_cast<double>(data.x_labels.size()));
            data.x_labels.emplace_back(column.text(static_cast<int64_t>(r)));
        }
        return rows;
    }
    const std::vector<double> x = read_number_column(source, spec.x, "x");
    for (size_t r = 0; r < keep.size(); ++r) {
        if (!keep[r]) continue;
        if (std::isfinite(x[r])) rows.push_back(r);
        else ++left_out;
    }
    std::stable_sort(rows.begin(), rows.end(), [&](size_t a, size_t b) { return x[a] < x[b]; });
    for (size_t r : rows) data.x.push_back(x[r]);
    return rows;
}

ChartBlock build_lines(const ChartSpec& spec, const ChartSource& source, ChartBlock block) {
    const std::vector<bool> keep = kept_rows(spec, source, block);
    std::vector<std::vector<double>> ys;
    for (const std::string& y : spec.ys) ys.push_back(read_number_column(source, y, "y"));
    LinesData data;
    data.x_name = spec.x;
    int64_t left_out = 0;
    const std::vector<size_t> rows = line_rows(spec, source, keep, data, left_out);
    note_left_out(block, left_out, "an x");
    for (size_t s = 0; s < ys.size(); ++s) {
        LineSeries series;
        series.name = spec.ys[s];
        for (size_t r : rows) series.values.push_back(ys[s][r]);
        data.series.push_back(std::move(series));
    }
    block.data = std::move(data);
    return block;
}

ChartBlock build_scatter(const ChartSpec& spec, const ChartSource& source, ChartBlock block) {
    const std::vector<bool> keep = kept_rows(spec, source, block);
    const std::vector<double> x = read_number_column(source, spec.x, "x");
    const std::vector<double> y = read_number_column(source, spec.y, "y");
    std::vector<size_t> rows;
    int64_t left_out = 0;
    for (size_t r = 0; r < keep.size(); ++r) {
        if (!keep[r]) continue;
        if (std::isfinite(x[r]) && std::isfinite(y[r])) rows.push_back(r);
        else ++left_out;
    }
    note_left_out(block, left_out, "an x or y");
    const size_t n = rows.size();
    if (spec.limit > 0 && n > static_cast<size_t>(spec.limit)) {  // evenly spaced rows: the same on every run
        const size_t limit = static_cast<size_t>(spec.limit);
        std::vector<size_t> sample;
        for (size_t i = 0; i < limit; ++i) sample.push_back(rows[i * n / limit]);
        rows = std::move(sample);
        block.notes.push_back(std::to_string(limit) + " of " + std::to_string(n) +
                              " points drawn (evenly spaced rows; limit " + std::to_string(limit) + ").");
    }
    ScatterData data;
    data.x_name = spec.x;
    data.y_name = spec.y;
    data.diagonal = spec.diagonal;
    for (size_t r : rows) {
        data.x.push_back(x[r]);
        data.y.push_back(y[r]);
    }
    block.data = std::move(data);
    return block;
}

}  // namespace

ChartBlock build_chart(const ChartSpec& spec, const ChartSource& source) {
    ChartBlock block;
    block.title = spec.title;
    block.table_label = source.table_label;
    block.kind = spec.kind;
    switch (spec.kind) {
        case ChartKind::Bars: return build_bars(spec, source, std::move(block));
        case ChartKind::Heatmap: return build_heatmap(spec, source, std::move(block));
        case ChartKind::Lines: return build_lines(spec, source, std::move(block));
        case ChartKind::Scatter: return build_scatter(spec, source, std::move(block));
    }
    return block;
}

}  // namespace persona::reports
