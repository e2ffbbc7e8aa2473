#include "csv_columns.h"

#include <cmath>

#include "prefault.h"
#include "string_dictionary.h"
#include "value_parse.h"

namespace persona::sources {

bool csv_type_from_name(std::string_view name, CsvType& out) {
    if (name == "int64") out = CsvType::Int64;
    else if (name == "float64") out = CsvType::Float64;
    else if (name == "string") out = CsvType::String;
    else if (name == "datetime") out = CsvType::Datetime;
    else return false;
    return true;
}

const char* csv_type_name(CsvType type) {
    switch (type) {
        case CsvType::Int64: return "int64";
        case CsvType::Float64: return "float64";
        case CsvType::String: return "string";
        case CsvType::Datetime: return "datetime";
    }
    return "?";
}

namespace {

constexpr int64_t kAllParsed = -1;

// Parses every field of a column with `parse` into `out` (empty fields become `null_value`).
// A failure is recorded in `failures` when given (the value becomes null); without it the pass stops and the
// position of the failing row is returned. Returns kAllParsed otherwise.
template <class T, class Parse>
int64_t parse_column(const CsvRowsView& view, int64_t col, T null_value, Parse parse, std::vector<T>& out,
                     std::vector<int64_t>* failures, bool stop_at_first) {
    const size_t n = view.rows.size();
    resize_prefaulted(out, n);
    for (size_t i = 0; i < n; ++i) {
        std::string_view text = trim_blanks(view.scan.field(view.rows[i], col).text);
        if (text.empty()) {
            out[i] = null_value;
            continue;
        }
        if (parse(text, out[i])) continue;
        out[i] = null_value;
        if (!failures) return static_cast<int64_t>(i);
        failures->push_back(static_cast<int64_t>(i));
        if (stop_at_first) return static_cast<int64_t>(i);
    }
    return kAllParsed;
}

bool parse_iso_datetime(std::string_view text, int64_t& out) { return parse_datetime(text, DateFormats::IsoOnly, out); }
bool parse_any_datetime(std::string_view text, int64_t& out) { return parse_datetime(text, DateFormats::Any, out); }
bool parse_strict_int(std::string_view text, int64_t& out) { return parse_int64(text, out); }
bool parse_lenient_int(std::string_view text, int64_t& out) { return parse_int64_lenient(text, out); }
bool parse_number(std::string_view text, double& out) { return parse_float64(text, out); }

Column string_column(const CsvRowsView& view, int64_t col, const std::string& name) {
    StringDictionary dictionary;
    std::vector<int64_t> codes;
    resize_prefaulted(codes, view.rows.size());
    std::string scratch;
    std::string_view previous;  // neighbouring rows often repeat a value: skip the lookup then
    int64_t previous_code = kNullCode;
    for (size_t i = 0; i < view.rows.size(); ++i) {
        const FieldView field = view.scan.field(view.rows[i], col);
        if (field.text.empty()) {
            codes[i] = kNullCode;
            continue;
        }
        if (!field.escaped && previous_code != kNullCode && field.text == previous) {
            codes[i] = previous_code;
            continue;
        }
        codes[i] = dictionary.code(unescape_field(field, view.quote, scratch), !field.escaped);
        previous = field.escaped ? std::string_view() : field.text;
        previous_code = field.escaped ? kNullCode : codes[i];
    }
    Column c;
    c.name = name;
    c.type = ColumnType::String;
    c.ints = std::move(codes);
    c.dict = dictionary.take_texts();
    return c;
}

Column int_column(const std::string& name, std::vector<int64_t> values) {
    Column c;
    c.name = name;
    c.type = ColumnType::Int64;
    c.ints = std::move(values);
    return c;
}

Column float_column(const std::string& name, std::vector<double> values) {
    Column c;
    c.name = name;
    c.type = ColumnType::Float64;
    c.floats = std::move(values);
    return c;
}

std::string expected_text(CsvType type) {
    switch (type) {
        case CsvType::Int64: return "an integer";
        case CsvType::Float64: return "a number";
        case CsvType::Datetime: return "a date-time (YYYY-MM-DD[ HH:MM[:SS]] or M/D/YYYY[ H:MM])";
        case CsvType::String: return "text";
    }
    return "?";
}

}  // namespace

Column convert_declared_column(const CsvRowsView& view, int64_t col, const std::string& name, CsvType type,
                               bool stop_at_first, std::vector<BadValue>& bad) {
    if (type == CsvType::String) return string_column(view, col, name);
    std::vector<int64_t> failures;
    Column column;
    if (type == CsvType::Float64) {
        std::vector<double> values;
        parse_column(view, col, std::nan(""), parse_number, values, &failures, stop_at_first);
        column = float_column(name, std::move(values));
    } else {
        std::vector<int64_t> values;
        if (type == CsvType::Int64) parse_column(view, col, kNullInt, parse_lenient_int, values, &failures, stop_at_first);
        else parse_column(view, col, kNullInt, parse_any_datetime, values, &failures, stop_at_first);
        column = int_column(name, std::move(values));
    }
    for (int64_t i : failures) {
        const int64_t row = view.rows[i];
        std::string value(view.scan.field(row, col).text.substr(0, 60));
        bad.push_back({row, "column '" + name + "' (declared " + csv_type_name(type) + "): expected " +
                                expected_text(type) + ", got '" + value + "'"});
    }
    return column;
}

Column infer_column(const CsvRowsView& view, int64_t col, const std::string& name, CsvType& inferred) {
    {
        std::vector<int64_t> values;
        const int64_t failed = parse_column(view, col, kNullInt, parse_strict_int, values, nullptr, true);
        if (failed == kAllParsed) {
            inferred = CsvType::Int64;
            return int_column(name, std::move(values));
        }
        double probe;
        const bool may_be_number = parse_float64(trim_blanks(view.scan.field(view.rows[failed], col).text), probe);
        if (may_be_number) {
            std::vector<double> numbers;
            if (parse_column(view, col, std::nan(""), parse_number, numbers, nullptr, true) == kAllParsed) {
                inferred = CsvType::Float64;
                return float_column(name, std::move(numbers));
            }
        } else if (parse_column(view, col, kNullInt, parse_iso_datetime, values, nullptr, true) == kAllParsed) {
            inferred = CsvType::Datetime;
            return int_column(name, std::move(values));
        }
    }
    inferred = CsvType::String;
    return string_column(view, col, name);
}

}  // namespace persona::sources
