#include "table_columns.h"

#include <algorithm>
#include <cmath>

namespace persona::profiles {

std::string column_list(const Table& table) {
    std::string names;
    for (const auto& c : table.columns()) names += (names.empty() ? "" : ", ") + c.name;
    return names.empty() ? "none" : names;
}

const Column& require_column(const Table& table, const std::string& name, const ColumnParam& from) {
    if (!table.has(name))
        throw Error(from.op + ": parameter '" + from.param + "' names column '" + name +
                    "', which is not in the input table (columns: " + column_list(table) + ")");
    return table.column(name);
}

const Column& require_int64(const Table& table, const std::string& name, const ColumnParam& from) {
    const Column& column = require_column(table, name, from);
    if (column.type != ColumnType::Int64)
        throw Error(from.op + ": column '" + name + "' (parameter '" + from.param + "') must be int64, it is " +
                    to_string(column.type) + " (encode ids to integers first, e.g. with profile.transactions)");
    return column;
}

const Column* optional_column(const Table& table, const std::string& name, const std::string& default_name,
                              const ColumnParam& from) {
    if (name.empty()) return nullptr;
    if (!table.has(name) && name == default_name) return nullptr;
    return &require_column(table, name, from);
}

ColumnValues<double> numbers_of(const Column& column, const ColumnParam& from) {
    if (column.type == ColumnType::Float64) return ColumnValues<double>::borrow(column.floats);
    if (column.type != ColumnType::Int64)
        throw Error(from.op + ": column '" + column.name + "' (parameter '" + from.param +
                    "') must be a number (int64 or float64), it is " + to_string(column.type));
    std::vector<double> out(column.ints.size());
    for (size_t r = 0; r < out.size(); ++r)
        out[r] = column.ints[r] == kNullInt ? std::nan("") : static_cast<double>(column.ints[r]);
    return ColumnValues<double>::own(std::move(out));
}

ColumnValues<int64_t> seconds_of(const Column& column, const ColumnParam& from) {
    if (column.type == ColumnType::Int64) return ColumnValues<int64_t>::borrow(column.ints);
    if (column.type != ColumnType::Float64)
        throw Error(from.op + ": time column '" + column.name + "' (parameter '" + from.param +
                    "') must be int64 unix seconds (or float64 seconds), it is " + to_string(column.type) +
                    "; load dates with source.csv types: {" + column.name + ": datetime}");
    std::vector<int64_t> seconds(column.floats.size());
    for (size_t r = 0; r < seconds.size(); ++r) {
        double v = column.floats[r];
        seconds[r] = std::isfinite(v) ? static_cast<int64_t>(std::llround(v)) : kNullInt;
    }
    return ColumnValues<int64_t>::own(std::move(seconds));
}

DenseIds dense_ids(const Column& column, const ColumnParam& from) {
    DenseIds out;
    if (column.type == ColumnType::String) {
        out.id = ColumnValues<int64_t>::borrow(column.ints);
        out.count = static_cast<int64_t>(column.dict.size());
        return out;
    }
    if (column.type != ColumnType::Int64)
        throw Error(from.op + ": column '" + column.name + "' (parameter '" + from.param +
                    "') must be string or int64, it is " + to_string(column.type));
    std::vector<int64_t> values;
    values.reserve(column.ints.size());
    for (int64_t v : column.ints)
        if (v != kNullInt) values.push_back(v);
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    out.count = static_cast<int64_t>(values.size());
    std::vector<int64_t> id(column.ints.size());
    for (size_t r = 0; r < column.ints.size(); ++r) {
        int64_t v = column.ints[r];
        id[r] = v == kNullInt ? -1 : std::lower_bound(values.begin(), values.end(), v) - values.begin();
    }
    out.id = ColumnValues<int64_t>::own(std::move(id));
    return out;
}

}  // namespace persona::profiles
