// InteractionData: the train pairs as dense user rows and item columns (CSR by user), and held-out pairs.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "persona/table.h"

namespace persona::factorization {

// The column names an operator reads (its params user and item).
struct InteractionColumns {
    std::string user = "user";
    std::string item = "item";
};

// Distinct train pairs: user row u stands for user_ids[u], item column c for item_ids[c] (both ascending);
// a user's item columns are items[offsets[u] .. offsets[u + 1]), sorted and distinct.
struct InteractionData {
    std::vector<int64_t> user_ids;
    std::vector<int64_t> item_ids;
    std::vector<int64_t> offsets;  // user_count() + 1
    std::vector<int64_t> items;

    int64_t user_count() const { return static_cast<int64_t>(user_ids.size()); }
    int64_t item_count() const { return static_cast<int64_t>(item_ids.size()); }
    int64_t pair_count() const { return static_cast<int64_t>(items.size()); }
    int64_t degree(int64_t user_row) const { return offsets[user_row + 1] - offsets[user_row]; }
    bool contains(int64_t user_row, int64_t item_column) const;  // binary search in the user's items
    int64_t user_row(int64_t user_id) const;                     // -1 when the user is not in train
    int64_t item_column(int64_t item_id) const;                  // -1 when the item is not in train
    std::vector<int64_t> user_items(int64_t user_row) const;     // the user's item columns
};

// What reading the train table found.
struct InteractionCounts {
    int64_t rows = 0;             // rows in the table
    int64_t bad_rows = 0;         // rows skipped: null user or item
    int64_t duplicate_pairs = 0;  // rows repeating a (user, item) pair already seen (kept once)
};

// Builds the distinct pairs of a train table. Throws Error (naming `op`, the param, the port and the
// columns found) for a missing or non-int64 column, or when no row has both a user and an item.
InteractionData read_interactions(const Table& train, const InteractionColumns& columns, const std::string& op,
                                  InteractionCounts& counts);

// Held-out pairs (e.g. a leave-one-out validation split) mapped to train rows and columns.
struct HeldOutPairs {
    std::vector<int64_t> user_rows;     // one entry per usable row, in table order
    std::vector<int64_t> item_columns;
    int64_t bad_rows = 0;               // null user or item
    int64_t unknown_users = 0;          // user not in train (skipped)
    int64_t unknown_items = 0;          // item not in train (skipped)

    int64_t skipped() const { return bad_rows + unknown_users + unknown_items; }
};

// Reads held-out (user, item) rows of the table on input `port` against the train data.
HeldOutPairs read_held_out(const Table& table, const InteractionData& data, const InteractionColumns& columns,
                           const std::string& op, const std::string& port);

// The int64 column `name` (set by param `param`) of the table on input `port`; throws Error otherwise.
const Column& require_int64_column(const Table& table, const std::string& name, const std::string& param,
                                   const std::string& op, const std::string& port);

}  // namespace persona::factorization
