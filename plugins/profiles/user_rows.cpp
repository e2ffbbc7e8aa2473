#include "user_rows.h"

#include <algorithm>
#include <string>

#include "persona/table.h"

namespace persona::profiles {

namespace {

// A row with its sort key; sorting by (user, time, row) is a stable sort by (user, time).
struct Keyed {
    int64_t user, time, row;
    bool operator<(const Keyed& o) const {
        if (user != o.user) return user < o.user;
        if (time != o.time) return time < o.time;
        return row < o.row;
    }
};

// Rows with a user and a time, in row order; true in `sorted` when they are already in (user, time) order.
std::vector<int64_t> valid_rows(const int64_t* user, const int64_t* time, int64_t n, bool& sorted) {
    std::vector<int64_t> rows;
    rows.reserve(n);
    sorted = true;
    int64_t prev_user = kNullInt, prev_time = kNullInt;
    for (int64_t r = 0; r < n; ++r) {
        if (user[r] == kNullInt || time[r] == kNullInt) continue;
        if (!rows.empty() && (user[r] < prev_user || (user[r] == prev_user && time[r] < prev_time))) sorted = false;
        prev_user = user[r];
        prev_time = time[r];
        rows.push_back(r);
    }
    return rows;
}

void sort_rows(const int64_t* user, const int64_t* time, std::vector<int64_t>& rows) {
    std::vector<Keyed> keyed(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) keyed[i] = {user[rows[i]], time[rows[i]], rows[i]};
    std::sort(keyed.begin(), keyed.end());
    for (size_t i = 0; i < rows.size(); ++i) rows[i] = keyed[i].row;
}

// Stable counting sort of rows by user when the user ids span a compact range; false when they do not.
bool counting_sort_by_user(const int64_t* user, std::vector<int64_t>& rows) {
    if (rows.empty()) return true;
    int64_t lo = user[rows[0]], hi = lo;
    for (int64_t r : rows) lo = std::min(lo, user[r]), hi = std::max(hi, user[r]);
    const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
    if (span >= 4 * rows.size() + 1024) return false;
    std::vector<int64_t> start(span + 2, 0);
    for (int64_t r : rows) ++start[static_cast<uint64_t>(user[r]) - static_cast<uint64_t>(lo) + 1];
    for (size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
    std::vector<int64_t> sorted(rows.size());
    for (int64_t r : rows) sorted[start[static_cast<uint64_t>(user[r]) - static_cast<uint64_t>(lo)]++] = r;
    rows.swap(sorted);
    return true;
}

// Within runs of equal user, sorts rows by time (ties keep row order); runs already in order are left alone.
void sort_times_within_users(const int64_t* user, const int64_t* time, std::vector<int64_t>& rows) {
    for (size_t a = 0; a < rows.size();) {
        size_t b = a + 1;
        bool in_order = true;
        while (b < rows.size() && user[rows[b]] == user[rows[a]]) {
            if (time[rows[b]] < time[rows[b - 1]]) in_order = false;
            ++b;
        }
        if (!in_order)
            std::stable_sort(rows.begin() + a, rows.begin() + b,
                             [&](int64_t x, int64_t y) { return time[x] < time[y]; });
        a = b;
    }
}

}  // namespace

UserRows group_by_user(const int64_t* user, const int64_t* time, int64_t rows) {
    UserRows out;
    bool sorted = true;
    out.order = valid_rows(user, time, rows, sorted);
    out.skipped = rows - static_cast<int64_t>(out.order.size());
    if (!sorted) {
        // Event logs usually arrive in time order: a counting sort by user keeps that order, so each user's
        // rows then rarely need sorting. Sparse user ids fall back to one comparison sort.
        if (counting_sort_by_user(user, out.order)) sort_times_within_users(user, time, out.order);
        else sort_rows(user, time, out.order);
    }
    out.last_time = kNullInt;
    for (size_t i = 0; i < out.order.size(); ++i) {
        int64_t r = out.order[i];
        if (i == 0 || user[r] != out.users.back()) {
            out.users.push_back(user[r]);
            out.start.push_back(static_cast<int64_t>(i));
        }
        out.last_time = std::max(out.last_time, time[r]);
    }
    out.start.push_back(static_cast<int64_t>(out.order.size()));
    return out;
}

void report_skipped_events(Context& ctx, const UserRows& users, int64_t total_rows) {
    ctx.note("bad_rows", users.skipped);
    if (users.skipped > 0)
        ctx.warn(std::to_string(users.skipped) + " of " + std::to_string(total_rows) +
                 " events have a null user or time and were not counted");
}

}  // namespace persona::profiles
