#include "user_rows.h"

#include <algorithm>
#include <numeric>

#include "persona/error.h"

namespace persona::metrics {

namespace {

// Rows whose user and item are both present.
std::vector<int64_t> valid_rows(const Column& users, const Column& items, int64_t& bad_rows) {
    std::vector<int64_t> rows;
    rows.reserve(users.ints.size());
    for (size_t r = 0; r < users.ints.size(); ++r)
        if (users.ints[r] != kNullInt && items.ints[r] != kNullInt) rows.push_back(static_cast<int64_t>(r));
    bad_rows = static_cast<int64_t>(users.ints.size() - rows.size());
    return rows;
}

// Groups rows (already sorted by user) into a UserRows; drops an item equal to the previous one if `distinct`.
UserRows collect(const std::vector<int64_t>& rows, const Column& users, const Column& items, bool distinct) {
    UserRows out;
    out.offsets.push_back(0);
    out.items.reserve(rows.size());
    for (int64_t r : rows) {
        const int64_t user = users.ints[r], item = items.ints[r];
        const bool new_user = out.users.empty() || out.users.back() != user;
        if (new_user) {
            if (!out.users.empty()) out.offsets.push_back(static_cast<int64_t>(out.items.size()));
            out.users.push_back(user);
        } else if (distinct && out.items.back() == item) {
            continue;
        }
        out.items.push_back(item);
    }
    if (!out.users.empty()) out.offsets.push_back(static_cast<int64_t>(out.items.size()));
    return out;
}

}  // namespace

int64_t UserRows::position(int64_t user) const {
    auto it = std::lower_bound(users.begin(), users.end(), user);
    return it != users.end() && *it == user ? static_cast<int64_t>(it - users.begin()) : -1;
}

const Column& require_int64_column(const Table& table, const std::string& name, const std::string& role,
                                   const std::string& input) {
    if (!table.has(name)) {
        std::string known;
        for (const auto& c : table.columns()) known += (known.empty() ? "" : ", ") + c.name;
        throw Error("metric.ranking: input '" + input + "' has no " + role + " column '" + name + "' (columns: " +
                    known + "); set the '" + role + "' parameter");
    }
    const Column& column = table.column(name);
    if (column.type != ColumnType::Int64)
        throw Error("metric.ranking: input '" + input + "' column '" + name + "' (" + role + ") must be int64, it is " +
                    to_string(column.type));
    return column;
}

UserRows group_truth(const Column& users, const Column& items) {
    int64_t bad = 0;
    std::vector<int64_t> rows = valid_rows(users, items, bad);
    std::sort(rows.begin(), rows.end(), [&](int64_t a, int64_t b) {
        if (users.ints[a] != users.ints[b]) return users.ints[a] < users.ints[b];
        return items.ints[a] < items.ints[b];
    });
    UserRows out = collect(rows, users, items, true);
    out.bad_rows = bad;
    return out;
}

UserRows group_history(const Column& users, const Column& items, const Column* times) {
    int64_t bad = 0;
    std::vector<int64_t> rows = valid_rows(users, items, bad);
    std::stable_sort(rows.begin(), rows.end(), [&](int64_t a, int64_t b) {
        if (users.ints[a] != users.ints[b]) return users.ints[a] < users.ints[b];
        return times && times->ints[a] < times->ints[b];
    });
    UserRows out = collect(rows, users, items, false);
    out.bad_rows = bad;
    return out;
}

}  // namespace persona::metrics
