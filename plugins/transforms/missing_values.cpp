#include "missing_values.h"

#include <algorithm>
#include <cmath>

#include "persona/error.h"
#include "row_order.h"
#include "text_values.h"

namespace persona::transforms {

int64_t count_nulls(const Column& column) {
    int64_t n = 0;
    if (column.type == ColumnType::Float64) {
        for (double v : column.floats) n += std::isnan(v);
    } else if (column.type == ColumnType::Int64) {
        for (int64_t v : column.ints) n += v == kNullInt;
    } else if (column.type == ColumnType::String) {
        for (int64_t v : column.ints) n += v < 0;
    }
    return n;
}

std::vector<uint8_t> rows_without_nulls(const std::vector<const Column*>& columns, int64_t rows) {
    std::vector<uint8_t> keep(rows, 1);
    for (const Column* c : columns) {
        if (c->type == ColumnType::Vector || c->type == ColumnType::List) continue;
        for (int64_t r = 0; r < rows; ++r)
            if (c->is_null(r)) keep[r] = 0;
    }
    return keep;
}

// The non-null values of a numeric column, as doubles.
static std::vector<double> present_values(const Column& column) {
    std::vector<double> values;
    values.reserve(column.size());
    for (int64_t r = 0; r < column.size(); ++r) {
        double v = column.number(r);
        if (!std::isnan(v)) values.push_back(v);
    }
    return values;
}

// Writes value into every null cell of a numeric column (rounded for int64); returns cells filled.
static int64_t fill_number(Column& column, double value) {
    int64_t filled = 0;
    if (column.type == ColumnType::Float64) {
        for (double& v : column.floats)
            if (std::isnan(v)) v = value, ++filled;
    } else {
        int64_t rounded = std::llround(value);
        for (int64_t& v : column.ints)
            if (v == kNullInt) v = rounded, ++filled;
    }
    return filled;
}

// Writes value into every null cell of an int64 or string column; returns cells filled.
static int64_t fill_int(Column& column, int64_t value) {
    bool text = column.type == ColumnType::String;
    int64_t filled = 0;
    for (int64_t& v : column.ints)
        if (text ? v < 0 : v == kNullInt) v = value, ++filled;
    return filled;
}

static void require_numeric(const Column& column, const char* rule) {
    if (column.type != ColumnType::Int64 && column.type != ColumnType::Float64)
        throw Error(std::string("transform.clean: missing=") + rule + " needs a numeric column, but column '" +
                    column.name + "' is " + to_string(column.type));
}

int64_t fill_with_mean(Column& column) {
    require_numeric(column, "mean");
    std::vector<double> values = present_values(column);
    if (values.empty()) return 0;
    double sum = 0;
    for (double v : values) sum += v;
    return fill_number(column, sum / static_cast<double>(values.size()));
}

int64_t fill_with_median(Column& column) {
    require_numeric(column, "median");
    std::vector<double> values = present_values(column);
    if (values.empty()) return 0;
    size_t mid = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + mid, values.end());
    double median = values[mid];
    if (values.size() % 2 == 0) median = (median + *std::max_element(values.begin(), values.begin() + mid)) / 2;
    return fill_number(column, median);
}

// The most frequent float value (smallest on ties), NaN when there is none.
static double float_mode(const Column& column) {
    std::vector<double> values = present_values(column);
    std::sort(values.begin(), values.end());
    double best = NAN;
    size_t best_count = 0;
    for (size_t begin = 0; begin < values.size();) {
        size_t end = begin;
        while (end < values.size() && values[end] == values[begin]) ++end;
        if (end - begin > best_count) best = values[begin], best_count = end - begin;
        begin = end;
    }
    return best;
}

// The row holding the most frequent int64 / string value (smallest value on ties), -1 when none.
static int64_t key_mode_row(const Column& column) {
    GroupIds groups = group_ids(column);
    std::vector<int64_t> count(groups.count, 0), first_row(groups.count, -1);
    for (size_t r = 0; r < groups.ids.size(); ++r) {
        int64_t id = groups.ids[r];
        if (id < 0) continue;
        if (count[id]++ == 0) first_row[id] = static_cast<int64_t>(r);
    }
    int64_t best = -1;
    for (int64_t id = 0; id < groups.count; ++id)
        if (count[id] > 0 && (best < 0 || count[id] > count[best])) best = id;
    return best < 0 ? -1 : first_row[best];
}

int64_t fill_with_mode(Column& column) {
    if (column.type == ColumnType::Float64) {
        double mode = float_mode(column);
        return std::isnan(mode) ? 0 : fill_number(column, mode);
    }
    if (column.type != ColumnType::Int64 && column.type != ColumnType::String) return 0;
    int64_t row = key_mode_row(column);
    return row < 0 ? 0 : fill_int(column, column.ints[row]);
}

int64_t fill_with_constant(Column& column, const std::string& text) {
    if (count_nulls(column) == 0) return 0;
    if (column.type == ColumnType::Int64) {
        int64_t value;
        if (!parse_int64(text, value) || value == kNullInt)
            throw Error("transform.clean: fill '" + text + "' is not an integer, as column '" + column.name +
                        "' (int64) needs");
        return fill_int(column, value);
    }
    if (column.type == ColumnType::Float64) {
        double value;
        if (!parse_float64(text, value))
            throw Error("transform.clean: fill '" + text + "' is not a number, as column '" + column.name +
                        "' (float64) needs");
        return fill_number(column, value);
    }
    if (column.type != ColumnType::String) return 0;
    auto it = std::find(column.dict.begin(), column.dict.end(), text);
    int64_t code = it - column.dict.begin();
    if (it == column.dict.end()) column.dict.push_back(text);
    return fill_int(column, code);
}

}  // namespace persona::transforms
