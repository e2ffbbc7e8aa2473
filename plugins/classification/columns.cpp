#include "columns.h"

#include "persona/error.h"

namespace persona::classification {

namespace {

// Throws the Error for a column of the wrong type.
[[noreturn]] void wrong_type(const Column& column, const ColumnParam& from, const std::string& expected) {
    throw Error(from.op + ": column '" + column.name + "' of input '" + from.input + "' (param '" + from.param +
                "') is " + to_string(column.type) + "; expected " + expected);
}

}  // namespace

std::string column_list(const Table& table) {
    std::string names;
    for (const auto& column : table.columns()) names += (names.empty() ? "" : ", ") + column.name;
    return names;
}

const Column& require_column(const Table& table, const std::string& name, const ColumnParam& from) {
    if (!table.has(name))
        throw Error(from.op + ": input '" + from.input + "' has no column '" + name + "' (param '" + from.param +
                    "'; columns: " + column_list(table) + ")");
    return table.column(name);
}

const Column& require_int64(const Table& table, const std::string& name, const ColumnParam& from) {
    const Column& column = require_column(table, name, from);
    if (column.type != ColumnType::Int64) wrong_type(column, from, "int64");
    return column;
}

const Column& require_numeric(const Table& table, const std::string& name, const ColumnParam& from) {
    const Column& column = require_column(table, name, from);
    if (column.type != ColumnType::Int64 && column.type != ColumnType::Float64)
        wrong_type(column, from, "int64 or float64");
    return column;
}

const Column& require_label(const Table& table, const std::string& name, const ColumnParam& from) {
    const Column& column = require_column(table, name, from);
    if (column.type != ColumnType::String && column.type != ColumnType::Int64)
        wrong_type(column, from, "string or int64 (class labels)");
    return column;
}

std::string label_text(const Column& column, int64_t row) {
    if (column.is_null(row)) return "";
    if (column.type == ColumnType::String) return std::string(column.text(row));
    return std::to_string(column.ints[row]);
}

}  // namespace persona::classification
