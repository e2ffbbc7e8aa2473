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

// Distinct int64 values numbered in first-seen order: an open-addressing hash table (linear probing).
class FirstSeenIndex {
public:
    FirstSeenIndex() { resize(1024); }
    int64_t id_of(int64_t value) {
        size_t slot = position(value);
        while (keys_[slot] != kNullInt) {
            if (keys_[slot] == value) return ids_[slot];
            slot = (slot + 1) & mask_;
        }
        const int64_t id = static_cast<int64_t>(values_.size());
        keys_[slot] = value;
        ids_[slot] = id;
        values_.push_back(value);
        if (values_.size() * 2 > keys_.size()) resize(keys_.size() * 2);
        return id;
    }
    const std::vector<int64_t>& values() const { return values_; }  // by id

private:
    size_t position(int64_t value) const {
        return static_cast<size_t>((static_cast<uint64_t>(value) * 0x9e3779b97f4a7c15ULL) >> shift_);
    }
    void resize(size_t slots) {
        keys_.assign(slots, kNullInt);
        ids_.assign(slots, 0);
        mask_ = slots - 1;
        shift_ = 64 - static_cast<int>(__builtin_ctzll(slots));
        for (size_t id = 0; id < values_.size(); ++id) {
            size_t slot = position(values_[id]);
            while (keys_[slot] != kNullInt) slot = (slot + 1) & mask_;
            keys_[slot] = values_[id];
            ids_[slot] = static_cast<int64_t>(id);
        }
    }
    std::vector<int64_t> keys_, ids_, values_;
    size_t mask_ = 0;
    int shift_ = 64;
};

// Ids of an int64 column with widely spread values: first-seen ids from a hash table, then ranked by value.
static void int_ids_by_hash(const std::vector<int64_t>& values, GroupIds& out) {
    FirstSeenIndex index;
    for (size_t i = 0; i < values.size(); ++i) out.ids[i] = values[i] == kNullInt ? -1 : index.id_of(values[i]);
    const std::vector<int64_t>& distinct = index.values();
    std::vector<int64_t> by_value(distinct.size());
    std::iota(by_value.begin(), by_value.end(), 0);
    std::sort(by_value.begin(), by_value.end(), [&](int64_t a, int64_t b) { return distinct[a] < distinct[b]; });
    std::vector<int64_t> rank(distinct.size());
    for (size_t i = 0; i < by_value.size(); ++i) rank[by_value[i]] = static_cast<int64_t>(i);
    for (int64_t& id : out.ids)
        if (id >= 0) id = rank[id];
    out.count = static_cast<int64_t>(distinct.size());
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
    else int_ids_by_hash(values, out);
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
