// CSV scanning: one pass over the bytes that records where every field of every row is (RFC 4180).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace persona::sources {

// How a CSV file is written.
struct CsvDialect {
    char delimiter = ',';
    char quote = '"';
    bool quoting = true;  // false: the quote character has no special meaning
};

// The text of one field: quotes removed; `escaped` means it still holds doubled quotes ("").
struct FieldView {
    std::string_view text;
    bool escaped = false;
};

// A row whose quoting is broken (an unclosed quote, text after a closing quote).
struct MalformedRow {
    int64_t row;
    std::string problem;
};

// Field positions of a scanned file. Blank lines are not rows.
struct CsvScan {
    static constexpr uint64_t kQuoted = uint64_t(1) << 63;
    static constexpr uint64_t kEscaped = uint64_t(1) << 62;
    static constexpr uint64_t kOffsetMask = kEscaped - 1;

    std::string_view data;                  // the scanned bytes (not owned)
    std::vector<uint64_t> field_ends;       // per field: end offset of its raw text, plus kQuoted/kEscaped
    std::vector<uint64_t> row_first_field;  // rows + 1 entries: each row's first index into field_ends
    std::vector<uint64_t> row_starts;       // byte offset where each row begins
    std::vector<int64_t> row_lines;         // 1-based line number where each row begins
    std::vector<MalformedRow> malformed;    // rows with broken quoting, in row order

    int64_t rows() const { return static_cast<int64_t>(row_starts.size()); }
    int64_t fields_in_row(int64_t row) const {
        return static_cast<int64_t>(row_first_field[row + 1] - row_first_field[row]);
    }
    // Field `col` of `row`; the caller checks col < fields_in_row(row).
    FieldView field(int64_t row, int64_t col) const {
        const uint64_t k = row_first_field[row] + static_cast<uint64_t>(col);
        const uint64_t begin = col == 0 ? row_starts[row] : (field_ends[k - 1] & kOffsetMask) + 1;
        const uint64_t end_bits = field_ends[k];
        const uint64_t end = end_bits & kOffsetMask;
        if (end_bits & kQuoted) return {data.substr(begin + 1, end - begin - 2), (end_bits & kEscaped) != 0};
        return {data.substr(begin, end - begin), false};
    }
};

// Scans `data` (a UTF-8 BOM is skipped). Never throws for bad content: broken rows land in `malformed`.
CsvScan scan_csv(std::string_view data, const CsvDialect& dialect);

// The text of a field with doubled quotes collapsed; uses `scratch` only when the field is escaped.
std::string_view unescape_field(const FieldView& field, char quote, std::string& scratch);

}  // namespace persona::sources
