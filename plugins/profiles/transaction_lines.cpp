#include "transaction_lines.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

#include "calendar.h"
#include "persona/error.h"

namespace persona::profiles {

const char* reason_name(Reason reason) {
    static const char* names[kReasonCount] = {"kept",        "missing_user", "bad_user",  "bad_time",
                                              "missing_item", "bad_quantity", "bad_price", "cancelled",
                                              "return",       "nonpositive_price"};
    return names[static_cast<int>(reason)];
}

const char* line_type_name(LineType type) {
    static const char* names[] = {"purchase", "return", "cancel"};
    return names[static_cast<int>(type)];
}

namespace {

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

constexpr double kInt64Limit = 9.2e18;

bool integral_double(double v, int64_t& out) {
    if (!std::isfinite(v) || std::floor(v) != v || std::fabs(v) >= kInt64Limit) return false;
    out = static_cast<int64_t>(v);
    return true;
}

// 0 ok (id set), 1 empty, 2 not an integral number.
uint8_t parse_user_text(std::string_view text, int64_t& id) {
    text = trimmed(text);
    if (text.empty()) return 1;
    const char* end = text.data() + text.size();
    auto as_int = std::from_chars(text.data(), end, id);
    if (as_int.ec == std::errc() && as_int.ptr == end) return 0;
    double v = 0;
    std::string copy(text);  // strtod needs a terminated string
    char* stop = nullptr;
    v = std::strtod(copy.c_str(), &stop);
    if (stop != copy.c_str() + copy.size()) return 2;
    return integral_double(v, id) ? 0 : 2;
}

}  // namespace

UserIds read_user_ids(const Column& column, const ColumnParam& from) {
    const size_t n = static_cast<size_t>(column.size());
    UserIds out;
    out.id.assign(n, kNullInt);
    out.status.assign(n, 0);
    switch (column.type) {
        case ColumnType::Int64:
            for (size_t r = 0; r < n; ++r) {
                out.id[r] = column.ints[r];
                out.status[r] = column.ints[r] == kNullInt ? 1 : 0;
            }
            return out;
        case ColumnType::Float64:
            for (size_t r = 0; r < n; ++r) {
                double v = column.floats[r];
                if (std::isnan(v)) out.status[r] = 1;
                else if (!integral_double(v, out.id[r])) out.status[r] = 2, out.id[r] = kNullInt;
            }
            return out;
        case ColumnType::String: {
            std::vector<int64_t> dict_id(column.dict.size(), kNullInt);
            std::vector<uint8_t> dict_status(column.dict.size(), 0);
            for (size_t c = 0; c < column.dict.size(); ++c) {
                dict_status[c] = parse_user_text(column.dict[c], dict_id[c]);
                if (dict_status[c] != 0) dict_id[c] = kNullInt;
            }
            for (size_t r = 0; r < n; ++r) {
                int64_t code = column.ints[r];
                if (code < 0) out.status[r] = 1;
                else out.id[r] = dict_id[code], out.status[r] = dict_status[code];
            }
            return out;
        }
        default:
            throw Error(from.op + ": user column '" + column.name + "' (parameter '" + from.param +
                        "') must be int64, float64 or string, it is " + to_string(column.type));
    }
}

ColumnValues<int64_t> read_times(const Column& column, const ColumnParam& from) {
    if (column.type == ColumnType::Int64) return ColumnValues<int64_t>::borrow(column.ints);
    const size_t n = static_cast<size_t>(column.size());
    std::vector<int64_t> out(n, kNullInt);
    switch (column.type) {
        case ColumnType::Float64:
            for (size_t r = 0; r < n; ++r)
                if (std::isfinite(column.floats[r])) out[r] = static_cast<int64_t>(std::llround(column.floats[r]));
            return ColumnValues<int64_t>::own(std::move(out));
        case ColumnType::String: {
            std::vector<int64_t> parsed(column.dict.size(), kNullInt);
            for (size_t c = 0; c < column.dict.size(); ++c) {
                int64_t s = 0;
                if (parse_event_time(column.dict[c], s)) parsed[c] = s;
            }
            for (size_t r = 0; r < n; ++r)
                if (column.ints[r] >= 0) out[r] = parsed[column.ints[r]];
            return ColumnValues<int64_t>::own(std::move(out));
        }
        default:
            throw Error(from.op + ": time column '" + column.name + "' (parameter '" + from.param +
                        "') must be int64 seconds, float64 or date strings, it is " + to_string(column.type));
    }
}

ItemIds read_item_ids(const Column& column, const ColumnParam& from) {
    const size_t n = static_cast<size_t>(column.size());
    ItemIds out;
    out.id.assign(n, kNullInt);
    out.code_of.assign(n, -1);
    if (column.type == ColumnType::Int64) {
        std::vector<int64_t> values;
        for (int64_t v : column.ints)
            if (v != kNullInt) values.push_back(v);
        std::sort(values.begin(), values.end());
        values.erase(std::unique(values.begin(), values.end()), values.end());
        for (int64_t v : values) out.codes.push_back(std::to_string(v));
        for (size_t r = 0; r < n; ++r) {
            int64_t v = column.ints[r];
            if (v == kNullInt) continue;
            out.id[r] = v;
            out.code_of[r] = std::lower_bound(values.begin(), values.end(), v) - values.begin();
        }
        return out;
    }
    if (column.type != ColumnType::String)
        throw Error(from.op + ": item column '" + column.name + "' (parameter '" + from.param +
                    "') must be string (product codes) or int64, it is " + to_string(column.type));
    // Number the distinct non-empty codes in byte-wise order; dictionary entries map to those numbers.
    std::vector<int64_t> by_text(column.dict.size());
    std::iota(by_text.begin(), by_text.end(), 0);
    std::sort(by_text.begin(), by_text.end(),
              [&](int64_t a, int64_t b) { return column.dict[a] < column.dict[b]; });
    std::vector<int64_t> dict_id(column.dict.size(), kNullInt);
    for (int64_t c : by_text) {
        const std::string& text = column.dict[c];
        if (trimmed(text).empty()) continue;
        if (out.codes.empty() || out.codes.back() != text) out.codes.push_back(text);
        dict_id[c] = static_cast<int64_t>(out.codes.size()) - 1;
    }
    for (size_t r = 0; r < n; ++r) {
        int64_t code = column.ints[r];
        if (code < 0 || dict_id[code] == kNullInt) continue;
        out.id[r] = dict_id[code];
        out.code_of[r] = dict_id[code];
    }
    return out;
}

std::vector<uint8_t> cancelled_flags(const Column& invoice, const std::string& prefix) {
    const size_t n = static_cast<size_t>(invoice.size());
    std::vector<uint8_t> out(n, 0);
    if (prefix.empty()) return out;
    if (invoice.type == ColumnType::String) {
        std::vector<uint8_t> dict_flag(invoice.dict.size());
        for (size_t c = 0; c < invoice.dict.size(); ++c)
            dict_flag[c] = trimmed(invoice.dict[c]).substr(0, prefix.size()) == prefix;
        for (size_t r = 0; r < n; ++r)
            if (invoice.ints[r] >= 0) out[r] = dict_flag[invoice.ints[r]];
        return out;
    }
    if (invoice.type == ColumnType::Int64)
        for (size_t r = 0; r < n; ++r)
            if (invoice.ints[r] != kNullInt) out[r] = std::to_string(invoice.ints[r]).rfind(prefix, 0) == 0;
    return out;
}

LineDecisions decide_lines(const UserIds& users, const ColumnValues<int64_t>& times, const ItemIds& items,
                           const ColumnValues<double>& quantity, const ColumnValues<double>& price,
                           const std::vector<uint8_t>& cancelled, const LinePolicy& policy) {
    const size_t n = users.id.size();
    LineDecisions out;
    out.reason.assign(n, Reason::kept);
    out.type.assign(n, LineType::purchase);
    for (size_t r = 0; r < n; ++r) {
        Reason& why = out.reason[r];
        if (users.status[r] == 1) { why = Reason::missing_user; continue; }
        if (users.status[r] == 2) { why = Reason::bad_user; continue; }
        if (times[r] == kNullInt) { why = Reason::bad_time; continue; }
        if (items.id[r] == kNullInt) { why = Reason::missing_item; continue; }
        if (std::isnan(quantity[r])) { why = Reason::bad_quantity; continue; }
        if (std::isnan(price[r])) { why = Reason::bad_price; continue; }
        const bool is_cancel = !cancelled.empty() && cancelled[r];
        const bool is_return = quantity[r] < 0;
        const bool is_free = price[r] <= 0;
        out.cancelled += is_cancel;
        out.returns += is_return;
        out.nonpositive_price += is_free;
        if (is_cancel && !policy.keep_cancelled) { why = Reason::cancelled; continue; }
        if (is_return && policy.returns == LinePolicy::Returns::drop) { why = Reason::return_line; continue; }
        if (is_free && !policy.keep_nonpositive_price) { why = Reason::nonpositive_price; continue; }
        if (is_return) out.type[r] = policy.returns == LinePolicy::Returns::net ? LineType::purchase : LineType::return_line;
        else if (is_cancel) out.type[r] = LineType::cancel;
    }
    return out;
}

}  // namespace persona::profiles
