// Tables and their cells as CSV, JSON or terminal text (export, profile query and show).
#pragma once
#include <string>

#include "persona/artifact.h"
#include "persona/table.h"

namespace persona::cli {

std::string csv_cell(const std::string& text);         // quoted when it holds a comma, quote or newline
Json cell_json(const Column& column, int64_t row);     // null for missing values; lists and vectors as arrays
std::string cell_text(const Column& column, int64_t row);  // "" for missing values
std::string table_csv(const Table& table);             // header line, then one line per row
Json table_json(const Table& table);                   // an array of {column: value} objects

}  // namespace persona::cli
