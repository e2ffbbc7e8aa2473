#include "row_order.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

#include "persona/error.h"

namespace persona::transforms {

// Ids of a string column: dictionary codes ranked by their text (equal texts share a rank).
static GroupIds string_group_ids(const Column& key) {
    const auto& dict = key.dict;
    std::vector<int64_t> by_text(dict.size());
    std::iota(by_text.begin(), by_text.end(), 0);
    std::sort(by_text.begin(), by_text.end(), [&](int64_t a, int64_t b) { return dict[a] < dict[b]; });
    std::vector<int64_t> rank(dict.size());
    int64_t next = 0;
    for (size_t i = 0; i < by_text.size(); ++i) {
        if (i > 0 && dict[by_text[i]] != dict[by_text[i - 1]]) ++next;
        rank[by_text[i]] = next;
    }
    GroupIds out;
    out.count = dict.empty() ? 0 : next + 1;
    out.ids.resize(key.ints.size());
    for (size_t r = 0; r < key.ints.size(); ++r) {
        int64_t code = key.ints[r];
        out.ids[r] = code < 0 ? -1 : rank[code];
        out.nulls += code < 0;
    }
    return out;
}

// Ids of an int64 column whose values span a small range: a lookup table indexed by value - min.
static void int_ids_by_table(const std::vector<int64_t>& values, int64_t lo, uint64_t span, GroupIds& out) {
    std::vector<int64_t> rank(span + 1, 0);
    for (int64_t v : values)
        if (v != kNullInt) rank[static_cast<uint64_t>(v) - static_cast<uint64_t>(lo)] = 1;
    int64_t next = 0;
    for (auto& r : rank) {
        int64_t present = r;
        r = next;
        next += present;
    }
    out.count = next;
    for (size_t i = 0; i < values.size(); ++i)
        out.ids[i] = values[i] == kNullInt ? -1 : rank[static_cast<uint64_t>(values[i]) - static_cast<uint64_t>(lo)];
}

// Ids of an int64 column with widely spread values: binary search in the sorted distinct values.
static void int_ids_by_search(const std::vector<int64_t>& values, GroupIds& out) {
    std::vector<int64_t> distinct;
    distinct.reserve(values.size());
    for (int64_t v : values)
        if (v != kNullInt) distinct.push_back(v);
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    out.count = static_cast<int64_t>(distinct.size());
    for (size_t i = 0; i < values.size(); ++i)
        out.ids[i] = values[i] == kNullInt
                         ? -1
                         : std::lower_bound(distinct.begin(), distinct.end(), values[i]) - distinct.begin();
}

static GroupIds int_group_ids(const Column& key) {
    const auto& values = key.ints;
    GroupIds out;
    out.ids.resize(values.size());
    int64_t lo = 0, hi = 0;
    bool any = false;
    for (int64_t v : values) {
        if (v == kNullInt) {
            ++out.nulls;
            continue;
        }
        if (!any || v < lo) lo = v;
        if (!any || v > hi) hi = v;
        any = true;
    }
    if (!any) {
        std::fill(out.ids.begin(), out.ids.end(), -1);
        return out;
    }
    uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
    if (span <= 4 * static_cast<uint64_t>(values.size()) + 1024) int_ids_by_table(values, lo, span, out);
    else int_ids_by_search(values, out);
    return out;
}

GroupIds group_ids(const Column& key) {
    if (key.type == ColumnType::String) return string_group_ids(key);
    if (key.type == ColumnType::Int64) return int_group_ids(key);
    throw Error("column '" + key.name + "' is " + to_string(key.type) + "; expected an int64 or string key column");
}

// Maps a double to an int64 with the same order (-0 equals 0; NaN becomes kNullInt).
static int64_t ordered_bits(double value) {
    if (std::isnan(value)) return kNullInt;
    if (value == 0) value = 0;  // -0.0 -> +0.0
    int64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return bits < 0 ? bits ^ std::numeric_limits<int64_t>::max() : bits;
}

int64_t time_key(const Column& time, int64_t row) {
    return time.type == ColumnType::Int64 ? time.ints[row] : ordered_bits(time.floats[row]);
}

static void require_time_type(const Column& time) {
    if (time.type != ColumnType::Int64 && time.type != ColumnType::Float64)
        throw Error("column '" + time.name + "' is " + to_string(time.type) + "; expected an int64 or float64 time column");
}

// Sorts a range of timed rows by (key, row) unless it is already in key order.
static void sort_timed(std::vector<TimedRow>::iterator begin, std::vector<TimedRow>::iterator end) {
    auto by_key = [](const TimedRow& a, const TimedRow& b) { return a.key < b.key; };
    if (!std::is_sorted(begin, end, by_key)) std::sort(begin, end);
}

std::vector<TimedRow> rows_by_time(const Column& time) {
    require_time_type(time);
    std::vector<TimedRow> timed(time.size());
    for (int64_t r = 0; r < time.size(); ++r) timed[r] = TimedRow{time_key(time, r), r};
    sort_timed(timed.begin(), timed.end());
    return timed;
}

// The group offsets: start[g] is where group g begins in the grouped rows.
static std::vector<int64_t> group_starts(const GroupIds& groups) {
    std::vector<int64_t> start(groups.count + 1, 0);
    for (int64_t id : groups.ids)
        if (id >= 0) ++start[id + 1];
    for (int64_t g = 0; g < groups.count; ++g) start[g + 1] += start[g];
    return start;
}

GroupedRows group_rows(const GroupIds& groups, const Column* time) {
    GroupedRows out;
    out.start = group_starts(groups);
    out.rows.resize(out.start[groups.count]);
    std::vector<int64_t> next(out.start.begin(), out.start.end() - 1);
    const int64_t n = static_cast<int64_t>(groups.ids.size());
    if (!time) {
        for (int64_t r = 0; r < n; ++r)
            if (groups.ids[r] >= 0) out.rows[next[groups.ids[r]]++] = r;
        return out;
    }
    require_time_type(*time);
    // Scatter (time, row) pairs into their groups in input order, then sort each group locally.
    std::vector<TimedRow> timed(out.rows.size());
    for (int64_t r = 0; r < n; ++r)
        if (groups.ids[r] >= 0) timed[next[groups.ids[r]]++] = TimedRow{time_key(*time, r), r};
    for (int64_t g = 0; g < groups.count; ++g) sort_timed(timed.begin() + out.start[g], timed.begin() + out.start[g + 1]);
    for (size_t i = 0; i < timed.size(); ++i) out.rows[i] = timed[i].row;
    return out;
}

std::vector<int64_t> rows_where(const std::vector<uint8_t>& keep) {
    std::vector<int64_t> rows;
    rows.reserve(keep.size());
    for (size_t r = 0; r < keep.size(); ++r)
        if (keep[r]) rows.push_back(static_cast<int64_t>(r));
    return rows;
}

}  // namespace persona::transforms
