#include "row_order.h"

#include <algorithm>
#include <cmath>
#include <cstring>
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

std::vector<int64_t> time_keys(const Column& time) {
    if (time.type == ColumnType::Int64) return time.ints;
    if (time.type != ColumnType::Float64)
        throw Error("column '" + time.name + "' is " + to_string(time.type) + "; expected an int64 or float64 time column");
    std::vector<int64_t> keys(time.floats.size());
    for (size_t i = 0; i < keys.size(); ++i) keys[i] = ordered_bits(time.floats[i]);
    return keys;
}

std::vector<int64_t> stable_order(const std::vector<int64_t>& keys) {
    std::vector<int64_t> order(keys.size());
    std::iota(order.begin(), order.end(), 0);
    if (!std::is_sorted(keys.begin(), keys.end()))
        std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return keys[a] < keys[b]; });
    return order;
}

GroupedRows group_rows(const GroupIds& groups, const std::vector<int64_t>& order) {
    GroupedRows out;
    out.start.assign(groups.count + 1, 0);
    for (int64_t id : groups.ids)
        if (id >= 0) ++out.start[id + 1];
    for (int64_t g = 0; g < groups.count; ++g) out.start[g + 1] += out.start[g];
    out.rows.resize(out.start[groups.count]);
    std::vector<int64_t> next(out.start.begin(), out.start.end() - 1);
    for (int64_t row : order) {
        int64_t id = groups.ids[row];
        if (id >= 0) out.rows[next[id]++] = row;
    }
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
