// Row orderings shared by the transforms: dense group ids, time sort keys, stable (group, time) order.
#pragma once
#include <cstdint>
#include <vector>

#include "persona/table.h"

namespace persona::transforms {

// Dense ids for the values of an int64 or string key column, numbered in value order
// (numbers ascending, text byte-wise ascending), so sorting by id sorts by the key.
struct GroupIds {
    std::vector<int64_t> ids;  // per row: an id in [0, count), or -1 when the key is null
    int64_t count = 0;         // ids are below this (a string column's unused dictionary entries take ids too)
    int64_t nulls = 0;         // rows whose key is null
};

// Rows grouped by id, each group's rows in a given order; group g is rows[start[g] .. start[g+1]).
struct GroupedRows {
    std::vector<int64_t> rows;   // row indices of rows with a non-null key
    std::vector<int64_t> start;  // count + 1 offsets into rows
};

// A row with its time key; sorting by (key, row) is a stable sort by key.
struct TimedRow {
    int64_t key;
    int64_t row;
    bool operator<(const TimedRow& other) const { return key != other.key ? key < other.key : row < other.row; }
};

// Dense ids for an int64 or string column (throws Error for other types).
GroupIds group_ids(const Column& key);

// The order-preserving int64 key of one cell of an int64 or float64 column; nulls become kNullInt (first).
int64_t time_key(const Column& time, int64_t row);

// All rows with their time keys, sorted by time; ties keep input order.
std::vector<TimedRow> rows_by_time(const Column& time);

// Rows grouped by group id (rows with a null key left out); within a group in input order,
// or, when time is given, in time order with ties in input order.
GroupedRows group_rows(const GroupIds& groups, const Column* time);

// Row indices whose flag is non-zero, ascending.
std::vector<int64_t> rows_where(const std::vector<uint8_t>& keep);

}  // namespace persona::transforms
