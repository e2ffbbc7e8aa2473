// The columns a chart names, read from its table as categories (bar labels, heat-map rows and columns) or as
// numbers. A category may also be a UTC calendar part of an int64 unix-seconds column: "hour(ts)" (0..23),
// "weekday(ts)" (Mon..Sun), "month(ts)" (YYYY-MM) or "date(ts)" (YYYY-MM-DD); hours and weekdays always have every
// category, months and dates those that occur.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "chart_spec.h"
#include "persona/table.h"

namespace persona::reports {

// The table a chart reads and how messages name it: `where` ("report.html: param 'charts', chart #1 'x'") and the
// table's label ("rfm.rfm").
struct ChartSource {
    const Table& table;
    std::string table_label;
    std::string where;
};

// A column as categories: each row's category (an index into labels, -1 = missing) and the distinct labels in
// natural order (integers ascending, text ascending, weekdays from Monday, months and dates in time order).
struct CategoryColumn {
    std::vector<int64_t> codes;
    std::vector<std::string> labels;
    bool full_domain = false;  // hour (0..23) and weekday (Mon..Sun): every label, even those without rows
};

// Reads an int64 or string column (or a calendar part) as categories. `role` ("label", "x") names the spec key in
// messages. Throws Error for a missing column (listing the table's columns) or another type.
CategoryColumn read_category_column(const ChartSource& source, const std::string& name, const char* role);

// Reads an int64 or float64 column as numbers (NaN where missing). Throws Error like read_category_column.
std::vector<double> read_number_column(const ChartSource& source, const std::string& name, const char* role);

// True when `name` is a string column of the table.
bool is_string_column(const ChartSource& source, const std::string& name);

// Which rows pass every filter (a row passes when its value, as text, equals the filter's value; float64 columns
// compare as numbers). Throws Error for a missing column.
std::vector<bool> filter_rows(const ChartSource& source, const std::vector<RowFilter>& filters);

}  // namespace persona::reports
