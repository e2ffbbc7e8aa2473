// Copying chosen rows of one column into a new column (a row index of -1 gives a null cell).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "persona/table.h"

namespace persona::profiles {

// The cells source[rows[i]] in order, named `name`. rows[i] == -1 gives a null: kNullInt, NaN,
// string code -1, a NaN vector or an empty list.
Column take_column(const Column& source, const std::vector<int64_t>& rows, const std::string& name);

}  // namespace persona::profiles
