// Duplicate-row detection for transform.clean: which rows to keep so no two kept rows are equal.
#pragma once
#include <cstdint>
#include <vector>

#include "persona/table.h"

namespace persona::transforms {

// Row indices (ascending) that are the first of their duplicate set when rows are compared on the
// given columns. Nulls equal nulls; strings compare by text; floats by value (-0 equals 0).
std::vector<int64_t> first_occurrences(const std::vector<const Column*>& on, int64_t rows);

}  // namespace persona::transforms
