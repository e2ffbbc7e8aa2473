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
UserRows collect(const std::vector<int64_t>& rows, const std::vector<int64_t>& users, const std::vector<int64_t>& items,
                 bool distinct) {
    UserRows out;
    out.offsets.push_back(0);
    out.items.reserve(rows.size());
    for (int64_t r : rows) {
        const int64_t user = users[r], item = items[r];
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
    UserRows out = collect(rows, users.ints, items.ints, true);
    out.bad_rows = bad;
    return out;
}

UserRows group_histories(const std::vector<HistorySource>& sources) {
    const bool by_time = !sources.empty() && std::all_of(sources.begin(), sources.end(),
                                                          [](const HistorySource& s) { return s.times != nullptr; });
    // The valid rows of all sources, one after the other in source order.
    std::vector<int64_t> users, items, times;
    int64_t bad = 0;
    for (const HistorySource& source : sources) {
        const std::vector<int64_t>& u = source.users->ints;
        const std::vector<int64_t>& i = source.items->ints;
        for (size_t r = 0; r < u.size(); ++r) {
            if (u[r] == kNullInt || i[r] == kNullInt) {
                ++bad;
                continue;
            }
            users.push_back(u[r]);
            items.push_back(i[r]);
            if (by_time) times.push_back(source.times->ints[r]);
        }
    }
    std::vector<int64_t> rows(users.size());
    std::iota(rows.begin(), rows.end(), int64_t{0});
    std::stable_sort(rows.begin(), rows.end(), [&](int64_t a, int64_t b) {
        if (users[a] != users[b]) return users[a] < users[b];
        return by_time && times[a] < times[b];
    });
    UserRows out = collect(rows, users, items, false);
    out.bad_rows = bad;
    return out;
}

}  // namespace persona::metrics
