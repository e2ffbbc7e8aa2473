#include "table_preview.h"

#include <algorithm>
#include <charconv>

#include "text_format.h"

namespace persona::reports {

namespace {

constexpr int64_t kVectorValuesShown = 4;
constexpr int64_t kListValuesShown = 6;
constexpr const char* kMissing = "<span class=\"null\">\xE2\x80\x93</span>";

void append_integer(std::string& out, int64_t value) {
    char buffer[24];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

// "[0.12, -0.5, 1, 0.03, …]" for one row of a vector column.
void append_vector_cell(std::string& out, const Column& column, int64_t row) {
    const int64_t shown = std::min(column.width, kVectorValuesShown);
    out += '[';
    for (int64_t i = 0; i < shown; ++i) {
        if (i) out += ", ";
        append_number(out, column.vectors[row * column.width + i]);
    }
    if (shown < column.width) out += ", \xE2\x80\xA6";
    out += ']';
}

// "[3, 17, 4, …] (12)" for one row of a list column.
void append_list_cell(std::string& out, const Column& column, int64_t row) {
    const int64_t begin = column.offsets[row], end = column.offsets[row + 1];
    const int64_t shown = std::min(end - begin, kListValuesShown);
    out += '[';
    for (int64_t i = 0; i < shown; ++i) {
        if (i) out += ", ";
        append_integer(out, column.ints[begin + i]);
    }
    if (shown < end - begin) out += ", \xE2\x80\xA6";
    out += ']';
    if (shown < end - begin) {
        out += " (";
        append_integer(out, end - begin);
        out += ')';
    }
}

// The cell's <td> content (escaped where it is text).
void append_cell(std::string& out, const Column& column, int64_t row) {
    switch (column.type) {
        case ColumnType::Int64:
            if (column.is_null(row)) out += kMissing;
            else append_integer(out, column.ints[row]);
            return;
        case ColumnType::Float64:
            if (column.is_null(row)) out += kMissing;
            else append_number(out, column.floats[row]);
            return;
        case ColumnType::String:
            if (column.is_null(row)) out += kMissing;
            else append_escaped(out, column.text(row));
            return;
        case ColumnType::Vector: append_vector_cell(out, column, row); return;
        case ColumnType::List: append_list_cell(out, column, row); return;
    }
}

bool is_numeric(ColumnType type) { return type == ColumnType::Int64 || type == ColumnType::Float64; }

}  // namespace

void append_table_preview(std::string& out, const Table& table, int64_t max_rows) {
    const int64_t shown = std::min(table.rows(), max_rows);
    out += "<table class=\"data\"><caption>";
    append_integer(out, shown);
    out += " of ";
    append_integer(out, table.rows());
    out += table.rows() == 1 ? " row, " : " rows, ";
    append_integer(out, static_cast<int64_t>(table.num_columns()));
    out += table.num_columns() == 1 ? " column</caption>" : " columns</caption>";
    out += "<thead><tr>";
    for (const Column& column : table.columns()) {
        out += is_numeric(column.type) ? "<th class=\"num\">" : "<th>";
        append_escaped(out, column.name);
        out += "<span class=\"type\">";
        out += to_string(column.type);
        out += "</span></th>";
    }
    out += "</tr></thead><tbody>";
    for (int64_t row = 0; row < shown; ++row) {
        out += "<tr>";
        for (const Column& column : table.columns()) {
            out += is_numeric(column.type) ? "<td class=\"num\">" : "<td>";
            append_cell(out, column, row);
            out += "</td>";
        }
        out += "</tr>";
    }
    out += "</tbody></table>";
}

}  // namespace persona::reports
