// Column lookups for the classification plugin: each failure names the operator, the input, the param
// that named the column and the table's columns.
#pragma once
#include <string>

#include "persona/table.h"

namespace persona::classification {

// Where a column name came from (for error messages).
struct ColumnParam {
    std::string op;     // e.g. "transform.tfidf"
    std::string input;  // the input port, e.g. "events"
    std::string param;  // the param that named the column, e.g. "user"
};

// "a, b, c": the table's column names in order.
std::string column_list(const Table& table);

// The column, or an Error naming it, the param, the input and the table's columns.
const Column& require_column(const Table& table, const std::string& name, const ColumnParam& from);

// Like require_column, and the column must be int64 (an id: user, item).
const Column& require_int64(const Table& table, const std::string& name, const ColumnParam& from);

// Like require_column, and the column must be int64 or float64 (a number: rating, age).
const Column& require_numeric(const Table& table, const std::string& name, const ColumnParam& from);

// Like require_column, and the column must be string or int64 (a class label).
const Column& require_label(const Table& table, const std::string& name, const ColumnParam& from);

// A class label cell as text: a string cell as it is, an int64 as its decimal digits (the way
// model.mlp names int64 classes); "" when null.
std::string label_text(const Column& column, int64_t row);

}  // namespace persona::classification
