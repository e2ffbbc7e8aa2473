// Finding named columns in model.mlp's input tables, with errors that say which input and param.
#pragma once
#include <string>

#include "persona/table.h"

namespace persona::tabular {

// The operator name used as the prefix of every error message of this plugin.
inline constexpr const char* kMlpOp = "model.mlp";

// Returns column `name` of `table` (input port `input`); throws Error naming the operator, the input,
// the param that named the column and the columns the table has.
const Column& require_column(const Table& table, const std::string& name, const std::string& input,
                             const std::string& param);

// The table's column names joined with ", " (for error messages).
std::string column_names(const Table& table);

}  // namespace persona::tabular
