// Reading interaction tables: typed access to the user / item / time columns with clear errors.
#pragma once
#include <string>

#include "persona/error.h"
#include "persona/table.h"

namespace persona::models {

// Returns the int64 column `name` of `table`; throws Error naming the step, the role and the columns found.
const Column& require_int64_column(const Table& table, const std::string& name, const std::string& role,
                                   const std::string& op);

}  // namespace persona::models
