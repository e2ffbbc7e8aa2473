// The rows of an event table grouped by user, in time order within each user (one sort, one permutation).
#pragma once
#include <cstdint>
#include <vector>

#include "persona/context.h"
#include "persona/table.h"

namespace persona::profiles {

// Group g is the rows order[start[g] .. start[g+1]) of user users[g], sorted by (time, row).
struct UserRows {
    std::vector<int64_t> order;  // row indices; rows with a null user or time are left out
    std::vector<int64_t> start;  // groups + 1 offsets into order
    std::vector<int64_t> users;  // the user of each group, ascending
    int64_t skipped = 0;         // rows left out (null user or null time)
    int64_t last_time = kNullInt;  // the latest time of a kept row (kNullInt when none)

    int64_t groups() const { return static_cast<int64_t>(users.size()); }
};

// Groups rows by user and sorts each user's rows by time (ties keep row order). Rows already in
// (user, time) order are recognised in one pass and not sorted again.
UserRows group_by_user(const int64_t* user, const int64_t* time, int64_t rows);

// Records the rows left out as note `bad_rows` and warns when there are any ("N of M events ...").
void report_skipped_events(Context& ctx, const UserRows& users, int64_t total_rows);

}  // namespace persona::profiles
