// Interactions grouped by user: the truth sets and the seen histories that metric.ranking evaluates with.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "persona/table.h"

namespace persona::metrics {

// Item ids grouped by user: users ascending, items[offsets[u]..offsets[u+1]) belong to users[u].
struct UserRows {
    std::vector<int64_t> users;
    std::vector<int64_t> offsets;  // users + 1
    std::vector<int64_t> items;
    int64_t bad_rows = 0;          // rows skipped because their user or item is null

    int64_t size() const { return static_cast<int64_t>(users.size()); }
    int64_t position(int64_t user) const;  // index of the user in users, -1 when absent
};

// Returns the int64 column `name`; throws Error naming the step, the input, the role and the columns found.
const Column& require_int64_column(const Table& table, const std::string& name, const std::string& role,
                                   const std::string& input);

// Truth sets: each user's distinct items (ascending).
UserRows group_truth(const Column& users, const Column& items);

// One seen table's columns: user, item and (nullptr when the table has none) time.
struct HistorySource {
    const Column* users = nullptr;
    const Column* items = nullptr;
    const Column* times = nullptr;
};

// Histories from one or more tables, concatenated per user. Oldest first by time when EVERY source has a time
// column (ties: source order, then row order; nulls sort first), else source order, then row order.
// Repeated items are kept; bad_rows counts null users or items over all sources.
UserRows group_histories(const std::vector<HistorySource>& sources);

}  // namespace persona::metrics
