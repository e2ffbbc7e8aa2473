// read_csv: loads a delimited text file into a Table (mmap, one scan, column-wise typed conversion).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "bad_row_log.h"
#include "csv_scanner.h"
#include "persona/context.h"
#include "persona/table.h"

namespace persona::sources {

// Everything source.csv can be told.
struct CsvOptions {
    CsvDialect dialect;
    bool whitespace = false;                   // fields are separated by runs of spaces/tabs (no quoting)
    bool header = true;
    std::map<std::string, std::string> types;  // column -> int64|float64|string|datetime
    std::vector<std::string> columns;          // columns to keep, in this order; empty = all
    BadRowPolicy bad_rows = BadRowPolicy::Fail;
};

// Reads the file; notes "bad_rows" (and examples) and "types" (the type of every kept column).
Table read_csv(const std::string& path, const CsvOptions& options, Context& ctx);

}  // namespace persona::sources
