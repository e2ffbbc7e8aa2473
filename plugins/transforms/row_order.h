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

// Dense ids for an int64 or string column (throws Error for other types).
GroupIds group_ids(const Column& key);

// Order-preserving int64 keys for an int64 or float64 column; nulls become kNullInt and sort first.
std::vector<int64_t> time_keys(const Column& time);

// Row indices 0..n-1 stably sorted by keys (ties keep input order).
std::vector<int64_t> stable_order(const std::vector<int64_t>& keys);

// Rows grouped by group id; within a group, rows keep the order they have in `order`.
GroupedRows group_rows(const GroupIds& groups, const std::vector<int64_t>& order);

// Row indices whose flag is non-zero, ascending.
std::vector<int64_t> rows_where(const std::vector<uint8_t>& keep);

}  // namespace persona::transforms
