// Table previews: the first rows of a Table as an HTML <table>, every column type shown as text.
#pragma once
#include <cstdint>
#include <string>

#include "persona/table.h"

namespace persona::reports {

// Appends a <table> with the column names (and types) and the first max_rows rows, and a
// caption saying how many rows of how many are shown. Vectors and lists show their first values.
void append_table_preview(std::string& out, const Table& table, int64_t max_rows);

}  // namespace persona::reports
