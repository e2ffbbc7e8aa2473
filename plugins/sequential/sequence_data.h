// SequenceData: per-user item sequences in time order, with the item id map and event-type codes.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "persona/table.h"

namespace persona::sequential {

// The column names a sequence operator reads (from its params user, item, time, type).
struct SequenceColumns {
    std::string user = "user";
    std::string item = "item";
    std::string time = "ts";
    std::string type;  // "" = the data has no event types
};

// Every user's interactions as item columns (1..N, 0 is padding) in time order, stored flat (CSR).
struct SequenceData {
    std::vector<int64_t> item_ids;          // item column c (1..N) stands for item id item_ids[c - 1] (ascending)
    std::vector<std::string> type_names;    // type code c (1..T) stands for type_names[c - 1]; empty: no types
    std::vector<int64_t> users;             // user ids, ascending
    std::vector<int64_t> offsets;           // users.size() + 1 offsets into items / types / times
    std::vector<int64_t> items;             // item columns, per user oldest first
    std::vector<int64_t> types;             // type codes aligned with items (empty when there are no types)
    std::vector<int64_t> times;             // timestamps aligned with items
    int64_t default_type = 0;               // the most frequent type code (0 without types): used when unknown

    int64_t user_count() const { return static_cast<int64_t>(users.size()); }
    int64_t item_columns() const { return static_cast<int64_t>(item_ids.size()) + 1; }  // with padding
    int64_t type_columns() const { return static_cast<int64_t>(type_names.size()) + 1; }  // with padding
    bool has_types() const { return !type_names.empty(); }
    int64_t length(int64_t user_row) const { return offsets[user_row + 1] - offsets[user_row]; }
    int64_t position(int64_t user_id) const;  // row of a user id, -1 when absent
};

// What reading the train table found.
struct SequenceCounts {
    int64_t rows = 0;             // rows in the table
    int64_t bad_rows = 0;         // rows skipped: null user, item or time
    int64_t null_type_rows = 0;   // rows kept with a null event type (given their own type "(null)")
};

// Builds the sequences from a train table: rows grouped by user, ordered by (time, row); item columns
// assigned in ascending item id order. Throws Error (naming `op`, the param and the columns found)
// for a missing or mistyped column, or when no row is usable.
SequenceData read_sequences(const Table& train, const SequenceColumns& columns, const std::string& op,
                            SequenceCounts& counts);

// Held-out rows per known user (e.g. the validation item of a leave-one-out split), mapped to columns.
struct HeldOut {
    std::vector<int64_t> offsets;  // data.user_count() + 1 offsets into items / types / times
    std::vector<int64_t> items;    // item columns per user, ordered by (time, row)
    std::vector<int64_t> types;    // type codes (empty when the data has no types)
    std::vector<int64_t> times;
    int64_t bad_rows = 0;          // null user or item
    int64_t unknown_items = 0;     // rows whose item is not in the train data (skipped)
    int64_t unknown_users = 0;     // rows whose user has no train sequence (skipped)

    int64_t count(int64_t user_row) const { return offsets[user_row + 1] - offsets[user_row]; }
};

// Reads held-out rows (user, item; time and type when the table has those columns) against the
// train data. Types unknown to the train data get data.default_type; a missing time the user's
// last train time.
HeldOut read_held_out(const Table& table, const SequenceData& data, const SequenceColumns& columns,
                      const std::string& op, const std::string& port);

// The train sequences with each user's held-out rows appended (the history before the test item).
SequenceData append_held_out(const SequenceData& data, const HeldOut& held_out);

}  // namespace persona::sequential
