// Column lookups for transform operators: each failure names the operator, its param and the table's columns.
#pragma once
#include <string>

#include "persona/error.h"
#include "persona/table.h"

namespace persona::transforms {

// Where a column name came from: the operator and the param that named it (for error messages).
struct ColumnParam {
    std::string op;     // e.g. "transform.filter"
    std::string param;  // e.g. "user"
};

// "a, b, c": the table's column names in order.
std::string column_list(const Table& table);

// The column, or an Error naming the column, the param and the table's columns.
const Column& require_column(const Table& table, const std::string& name, const ColumnParam& from);

// Like require_column, and the column must be int64 or string (a key: user, item, event).
const Column& require_key_column(const Table& table, const std::string& name, const ColumnParam& from);

// Like require_column, and the column must be int64 or float64 (a number: time, amount).
const Column& require_numeric_column(const Table& table, const std::string& name, const ColumnParam& from);

// Every column of the table, or the named ones (each checked) when names is not empty.
std::vector<std::string> chosen_columns(const Table& table, const std::vector<std::string>& names,
                                        const ColumnParam& from);

}  // namespace persona::transforms
