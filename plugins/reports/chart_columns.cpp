#include "chart_columns.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "persona/names.h"
#include "persona/calendar.h"
#include "persona/error.h"

namespace persona::reports {

namespace {

constexpr const char* kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

// A UTC calendar part of a unix-seconds column.
enum class CalendarPart { Hour, Weekday, Month, Date };

// "hour(ts)" -> {Hour, "ts"}; false for any other name.
bool parse_calendar_part(const std::string& name, CalendarPart& part, std::string& column) {
    const size_t open = name.find('(');
    if (open == std::string::npos || name.size() < open + 3 || name.back() != ')') return false;
    const std::string function = name.substr(0, open);
    if (function == "hour") part = CalendarPart::Hour;
    else if (function == "weekday") part = CalendarPart::Weekday;
    else if (function == "month") part = CalendarPart::Month;
    else if (function == "date") part = CalendarPart::Date;
    else return false;
    column = name.substr(open + 1, name.size() - open - 2);
    return true;
}

// The part of a unix time as a sortable integer: hour 0..23, weekday 0 (Monday)..6, months since year 0, days.
int64_t calendar_key(int64_t seconds, CalendarPart part) {
    const int64_t days = day_number(seconds);
    switch (part) {
        case CalendarPart::Hour: return (seconds - days * kSecondsPerDay) / 3600;
        case CalendarPart::Weekday: return ((days + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
        case CalendarPart::Month: {
            const CivilDate date = civil_from_days(days);
            return date.year * 12 + (date.month - 1);
        }
        case CalendarPart::Date: return days;
    }
    return 0;
}

// The label of a calendar key: "7", "Mon", "2011-03", "2011-03-14".
std::string calendar_label(int64_t key, CalendarPart part) {
    char buffer[64];
    switch (part) {
        case CalendarPart::Hour: return std::to_string(key);
        case CalendarPart::Weekday: return kWeekdays[key];
        case CalendarPart::Month:
            std::snprintf(buffer, sizeof buffer, "%04lld-%02lld", static_cast<long long>(floor_div(key, 12)),
                          static_cast<long long>(key - floor_div(key, 12) * 12 + 1));
            return buffer;
        case CalendarPart::Date: {
            const CivilDate date = civil_from_days(key);
            std::snprintf(buffer, sizeof buffer, "%04lld-%02lld-%02lld", static_cast<long long>(date.year),
                          static_cast<long long>(date.month), static_cast<long long>(date.day));
            return buffer;
        }
    }
    return "";
}

std::vector<std::string> column_names(const Table& table) {
    std::vector<std::string> names;
    for (const Column& column : table.columns()) names.push_back(column.name);
    return names;
}

// The named column, or an Error listing the table's columns.
const Column& find_column(const ChartSource& source, const std::string& name, const char* role) {
    if (source.table.has(name)) return source.table.column(name);
    const std::vector<std::string> names = column_names(source.table);
    throw Error(source.where + ": column '" + name + "' (" + role + ") is not in table '" + source.table_label +
                "' (columns: " + join_names(names) + did_you_mean(name, names) + ")");
}

[[noreturn]] void wrong_type(const ChartSource& source, const Column& column, const char* role, const char* expected) {
    throw Error(source.where + ": column '" + column.name + "' (" + role + ") of table '" + source.table_label +
                "' is " + to_string(column.type) + "; expected " + expected);
}

// Categories from one int64 key per row (kNullInt = missing), labelled by `label_of`; `domain` keys are categories
// even without rows.
template <class LabelOf>
CategoryColumn categories_from_keys(const std::vector<int64_t>& keys, LabelOf label_of,
                                    const std::vector<int64_t>& domain = {}) {
    std::vector<int64_t> distinct = domain;
    for (int64_t key : keys)
        if (key != kNullInt) distinct.push_back(key);
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    CategoryColumn out;
    out.codes.reserve(keys.size());
    for (int64_t key : keys)
        out.codes.push_back(key == kNullInt ? -1
                                            : std::lower_bound(distinct.begin(), distinct.end(), key) - distinct.begin());
    for (int64_t key : distinct) out.labels.push_back(label_of(key));
    out.full_domain = !domain.empty();
    return out;
}

// The keys every row could have: 0..23 for hours, 0..6 for weekdays; none for months and dates.
std::vector<int64_t> calendar_domain(CalendarPart part) {
    const int64_t size = part == CalendarPart::Hour ? 24 : part == CalendarPart::Weekday ? 7 : 0;
    std::vector<int64_t> keys(static_cast<size_t>(size));
    for (int64_t k = 0; k < size; ++k) keys[static_cast<size_t>(k)] = k;
    return keys;
}

// Categories of a string column: its distinct texts in text order.
CategoryColumn categories_from_strings(const Column& column) {
    std::map<std::string_view, int64_t> order;  // text -> category, filled in text order below
    for (int64_t code : column.ints)
        if (code >= 0) order.emplace(column.dict[static_cast<size_t>(code)], 0);
    CategoryColumn out;
    for (auto& [text, index] : order) {
        index = static_cast<int64_t>(out.labels.size());
        out.labels.emplace_back(text);
    }
    out.codes.reserve(column.ints.size());
    for (int64_t code : column.ints) out.codes.push_back(code < 0 ? -1 : order.at(column.dict[static_cast<size_t>(code)]));
    return out;
}

// The text a filter value must equal: strings as they are, integers (and whole floats) in decimal.
std::string filter_text(const ChartSource& source, const RowFilter& filter) {
    if (filter.value.is_string()) return filter.value.get<std::string>();
    if (filter.value.is_number_integer()) return std::to_string(filter.value.get<int64_t>());
    const double number = filter.value.get<double>();
    if (number == std::trunc(number) && std::fabs(number) < 1e15) return std::to_string(static_cast<int64_t>(number));
    throw Error(source.where + ": 'where' value " + filter.value.dump() + " of column '" + filter.column +
                "' must be a whole number or a string to compare with its categories");
}

// The rows of a float64 column equal to the filter's number.
std::vector<bool> float_matches(const ChartSource& source, const Column& column, const RowFilter& filter) {
    double wanted = NAN;
    if (filter.value.is_number()) wanted = filter.value.get<double>();
    else {
        try {
            wanted = std::stod(filter.value.get<std::string>());
        } catch (const std::exception&) {
            throw Error(source.where + ": 'where' value " + filter.value.dump() + " of float64 column '" +
                        column.name + "' is not a number");
        }
    }
    std::vector<bool> match(static_cast<size_t>(column.size()));
    for (int64_t r = 0; r < column.size(); ++r) match[static_cast<size_t>(r)] = column.floats[static_cast<size_t>(r)] == wanted;
    return match;
}

}  // namespace

CategoryColumn read_category_column(const ChartSource& source, const std::string& name, const char* role) {
    CalendarPart part;
    std::string time_column;
    if (!source.table.has(name) && parse_calendar_part(name, part, time_column)) {
        const Column& column = find_column(source, time_column, role);
        if (column.type != ColumnType::Int64) wrong_type(source, column, role, "int64 unix seconds");
        std::vector<int64_t> keys;
        keys.reserve(column.ints.size());
        for (int64_t seconds : column.ints) keys.push_back(seconds == kNullInt ? kNullInt : calendar_key(seconds, part));
        return categories_from_keys(keys, [part](int64_t key) { return calendar_label(key, part); },
                                    calendar_domain(part));
    }
    const Column& column = find_column(source, name, role);
    if (column.type == ColumnType::Int64)
        return categories_from_keys(column.ints, [](int64_t key) { return std::to_string(key); });
    if (column.type == ColumnType::String) return categories_from_strings(column);
    wrong_type(source, column, role,
               "int64 or string (or hour(col), weekday(col), month(col), date(col) of an int64 time column)");
}

std::vector<double> read_number_column(const ChartSource& source, const std::string& name, const char* role) {
    const Column& column = find_column(source, name, role);
    if (column.type != ColumnType::Int64 && column.type != ColumnType::Float64)
        wrong_type(source, column, role, "int64 or float64");
    std::vector<double> values(static_cast<size_t>(column.size()));
    for (int64_t r = 0; r < column.size(); ++r) values[static_cast<size_t>(r)] = column.number(r);
    return values;
}

bool is_string_column(const ChartSource& source, const std::string& name) {
    return source.table.has(name) && source.table.column(name).type == ColumnType::String;
}

std::vector<bool> filter_rows(const ChartSource& source, const std::vector<RowFilter>& filters) {
    std::vector<bool> keep(static_cast<size_t>(source.table.rows()), true);
    for (const RowFilter& filter : filters) {
        std::vector<bool> match;
        if (source.table.has(filter.column) && source.table.column(filter.column).type == ColumnType::Float64) {
            match = float_matches(source, source.table.column(filter.column), filter);
        } else {
            const CategoryColumn categories = read_category_column(source, filter.column, "where");
            const std::string wanted = filter_text(source, filter);
            const auto found = std::find(categories.labels.begin(), categories.labels.end(), wanted);
            const int64_t code = found == categories.labels.end() ? -2 : found - categories.labels.begin();
            match.resize(keep.size());
            for (size_t r = 0; r < keep.size(); ++r) match[r] = categories.codes[r] == code;
        }
        for (size_t r = 0; r < keep.size(); ++r) keep[r] = keep[r] && match[r];
    }
    return keep;
}

}  // namespace persona::reports
