#include "interaction_data.h"

#include <algorithm>
#include <utility>

#include "persona/error.h"

namespace persona::factorization {

namespace {

std::string column_list(const Table& table) {
    std::string names;
    for (const auto& c : table.columns()) names += (names.empty() ? "" : ", ") + c.name;
    return names.empty() ? "none" : names;
}

// Sorted distinct values of `values`, skipping nulls.
std::vector<int64_t> distinct_ids(const std::vector<int64_t>& values) {
    std::vector<int64_t> ids;
    ids.reserve(values.size());
    for (int64_t v : values)
        if (v != kNullInt) ids.push_back(v);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

int64_t index_of(const std::vector<int64_t>& sorted, int64_t id) {
    auto it = std::lower_bound(sorted.begin(), sorted.end(), id);
    return (it != sorted.end() && *it == id) ? static_cast<int64_t>(it - sorted.begin()) : -1;
}

}  // namespace

bool InteractionData::contains(int64_t user_row, int64_t item_column) const {
    const auto begin = items.begin() + offsets[user_row];
    const auto end = items.begin() + offsets[user_row + 1];
    return std::binary_search(begin, end, item_column);
}

int64_t InteractionData::user_row(int64_t user_id) const { return index_of(user_ids, user_id); }

int64_t InteractionData::item_column(int64_t item_id) const { return index_of(item_ids, item_id); }

std::vector<int64_t> InteractionData::user_items(int64_t user_row) const {
    return std::vector<int64_t>(items.begin() + offsets[user_row], items.begin() + offsets[user_row + 1]);
}

const Column& require_int64_column(const Table& table, const std::string& name, const std::string& param,
                                   const std::string& op, const std::string& port) {
    if (!table.has(name))
        throw Error(op + ": the " + param + " column '" + name + "' is not in the '" + port +
                    "' table (columns: " + column_list(table) + "); set the '" + param +
                    "' parameter to the right column name");
    const Column& column = table.column(name);
    if (column.type != ColumnType::Int64)
        throw Error(op + ": the " + param + " column '" + name + "' of the '" + port + "' table must be int64, it is " +
                    to_string(column.type) + " (encode ids to integers first)");
    return column;
}

InteractionData read_interactions(const Table& train, const InteractionColumns& columns, const std::string& op,
                                  InteractionCounts& counts) {
    const std::vector<int64_t>& users = require_int64_column(train, columns.user, "user", op, "train").ints;
    const std::vector<int64_t>& items = require_int64_column(train, columns.item, "item", op, "train").ints;
    counts = InteractionCounts{};
    counts.rows = train.rows();

    std::vector<std::pair<int64_t, int64_t>> pairs;  // (user id, item id) of usable rows
    pairs.reserve(users.size());
    for (size_t r = 0; r < users.size(); ++r) {
        if (users[r] == kNullInt || items[r] == kNullInt) {
            ++counts.bad_rows;
            continue;
        }
        pairs.emplace_back(users[r], items[r]);
    }
    if (pairs.empty())
        throw Error(op + ": the 'train' table has no row with both a user and an item (rows: " +
                    std::to_string(counts.rows) + ", with a null user or item: " + std::to_string(counts.bad_rows) +
                    ")");
    std::sort(pairs.begin(), pairs.end());
    const size_t usable = pairs.size();
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    counts.duplicate_pairs = static_cast<int64_t>(usable - pairs.size());

    InteractionData data;
    std::vector<int64_t> user_of_pair, item_of_pair;
    user_of_pair.reserve(pairs.size());
    item_of_pair.reserve(pairs.size());
    for (const auto& [u, i] : pairs) {
        user_of_pair.push_back(u);
        item_of_pair.push_back(i);
    }
    data.user_ids = distinct_ids(user_of_pair);
    data.item_ids = distinct_ids(item_of_pair);
    data.offsets.assign(data.user_ids.size() + 1, 0);
    data.items.reserve(pairs.size());
    int64_t row = 0;
    for (size_t p = 0; p < pairs.size(); ++p) {
        while (data.user_ids[static_cast<size_t>(row)] != pairs[p].first) data.offsets[static_cast<size_t>(++row)] = p;
        data.items.push_back(data.item_column(pairs[p].second));
    }
    while (row < data.user_count()) data.offsets[static_cast<size_t>(++row)] = static_cast<int64_t>(pairs.size());
    return data;
}

HeldOutPairs read_held_out(const Table& table, const InteractionData& data, const InteractionColumns& columns,
                           const std::string& op, const std::string& port) {
    const std::vector<int64_t>& users = require_int64_column(table, columns.user, "user", op, port).ints;
    const std::vector<int64_t>& items = require_int64_column(table, columns.item, "item", op, port).ints;
    HeldOutPairs held;
    for (size_t r = 0; r < users.size(); ++r) {
        if (users[r] == kNullInt || items[r] == kNullInt) {
            ++held.bad_rows;
            continue;
        }
        const int64_t u = data.user_row(users[r]);
        if (u < 0) {
            ++held.unknown_users;
            continue;
        }
        const int64_t c = data.item_column(items[r]);
        if (c < 0) {
            ++held.unknown_items;
            continue;
        }
        held.user_rows.push_back(u);
        held.item_columns.push_back(c);
    }
    return held;
}

}  // namespace persona::factorization
