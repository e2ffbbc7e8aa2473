// Typed access to the columns a sequence operator reads, with errors naming the param and the columns found.
#pragma once
#include <string>

#include "persona/table.h"

namespace persona::sequential {

// The int64 column `name` (set by param `param`) of the table on input `port`; throws Error otherwise.
const Column& require_int64_column(const Table& table, const std::string& name, const std::string& param,
                                   const std::string& op, const std::string& port);

// The event-type column `name` (int64 or string) of the table on input `port`; throws Error otherwise.
const Column& require_type_column(const Table& table, const std::string& name, const std::string& op,
                                  const std::string& port);

}  // namespace persona::sequential
