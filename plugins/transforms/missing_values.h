// Missing-value handling for transform.clean: counting nulls and filling them by a rule.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "persona/table.h"

namespace persona::transforms {

// Number of null cells in the column (vector and list columns have none).
int64_t count_nulls(const Column& column);

// Flags (1 = keep) for rows with no null in any of the columns.
std::vector<uint8_t> rows_without_nulls(const std::vector<const Column*>& columns, int64_t rows);

// Each fill returns the number of cells filled; a column with no values to compute from is left as is (0).
// Mean / median: numeric columns; an int64 column gets the statistic rounded half away from zero.
int64_t fill_with_mean(Column& column);
int64_t fill_with_median(Column& column);
// Mode: the most frequent value; ties go to the smallest value (numbers ascending, text byte-wise).
int64_t fill_with_mode(Column& column);
// Constant: the text parsed as the column's type; a column with nulls throws Error naming it if it does not parse.
int64_t fill_with_constant(Column& column, const std::string& text);

}  // namespace persona::transforms
