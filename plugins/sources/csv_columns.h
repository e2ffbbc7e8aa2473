// Column-wise conversion of scanned CSV fields into typed table columns (declared or inferred types).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "csv_scanner.h"
#include "persona/table.h"

namespace persona::sources {

// The value type of a CSV column; Datetime becomes an int64 column of unix seconds.
enum class CsvType { Int64, Float64, String, Datetime };

bool csv_type_from_name(std::string_view name, CsvType& out);  // "int64", "float64", "string", "datetime"
const char* csv_type_name(CsvType type);

// A value that does not parse as its column's declared type.
struct BadValue {
    int64_t row;  // scan row index
    std::string problem;
};

// Which rows of a scan to convert (scan row indices, in order) and the quote character of the dialect.
struct CsvRowsView {
    const CsvScan& scan;
    const std::vector<int64_t>& rows;
    char quote;
};

// Converts column `col` as the declared `type`. Unparsable values become nulls and are appended to `bad`
// (only the first one when `stop_at_first`). Empty fields are nulls.
Column convert_declared_column(const CsvRowsView& view, int64_t col, const std::string& name, CsvType type,
                               bool stop_at_first, std::vector<BadValue>& bad);

// Infers the type over all rows: int64 if every non-empty value is an integer, else float64 if every one is a
// number, else datetime if every one is an ISO date-time, else string. `inferred` receives the chosen type.
Column infer_column(const CsvRowsView& view, int64_t col, const std::string& name, CsvType& inferred);

}  // namespace persona::sources
