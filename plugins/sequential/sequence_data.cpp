#include "sequence_data.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "column_checks.h"
#include "persona/error.h"

namespace persona::sequential {

namespace {

constexpr const char* kNullTypeName = "(null)";

// The text naming a row's event type ("(null)" when missing).
std::string type_name(const Column& column, int64_t row) {
    if (column.is_null(row)) return kNullTypeName;
    if (column.type == ColumnType::Int64) return std::to_string(column.ints[row]);
    return std::string(column.text(row));
}

// Event-type names of the usable rows, in ascending order (numeric for int64 columns), "(null)" last.
std::vector<std::string> type_vocabulary(const Column& column, const std::vector<int64_t>& rows) {
    bool has_null = false;
    std::vector<std::string> names;
    if (column.type == ColumnType::Int64) {
        std::vector<int64_t> values;
        for (int64_t r : rows) column.is_null(r) ? void(has_null = true) : values.push_back(column.ints[r]);
        std::sort(values.begin(), values.end());
        values.erase(std::unique(values.begin(), values.end()), values.end());
        for (int64_t v : values) names.push_back(std::to_string(v));
    } else {
        std::vector<char> used(column.dict.size(), 0);
        for (int64_t r : rows) column.is_null(r) ? void(has_null = true) : void(used[column.ints[r]] = 1);
        for (size_t code = 0; code < used.size(); ++code)
            if (used[code]) names.push_back(column.dict[code]);
        std::sort(names.begin(), names.end());
    }
    if (has_null) names.push_back(kNullTypeName);
    return names;
}

std::unordered_map<std::string, int64_t> type_codes(const std::vector<std::string>& names) {
    std::unordered_map<std::string, int64_t> codes;
    for (size_t i = 0; i < names.size(); ++i) codes.emplace(names[i], static_cast<int64_t>(i) + 1);
    return codes;
}

// The most frequent code among `codes` (values 1..count-1); ties go to the lower code.
int64_t most_frequent(const std::vector<int64_t>& codes, int64_t count) {
    std::vector<int64_t> freq(count, 0);
    for (int64_t c : codes) ++freq[c];
    return static_cast<int64_t>(std::max_element(freq.begin(), freq.end()) - freq.begin());
}

// The column of an item id in the ascending id list, -1 when unknown.
int64_t item_column(const std::vector<int64_t>& item_ids, int64_t id) {
    auto it = std::lower_bound(item_ids.begin(), item_ids.end(), id);
    return it != item_ids.end() && *it == id ? (it - item_ids.begin()) + 1 : -1;
}

// Appends entries [begin, end) of one part (train or held-out) to the sequences being built.
void append_rows(SequenceData& out, const std::vector<int64_t>& items, const std::vector<int64_t>& times,
                 const std::vector<int64_t>& types, int64_t begin, int64_t end) {
    out.items.insert(out.items.end(), items.begin() + begin, items.begin() + end);
    out.times.insert(out.times.end(), times.begin() + begin, times.begin() + end);
    if (out.has_types()) out.types.insert(out.types.end(), types.begin() + begin, types.begin() + end);
}

}  // namespace

int64_t SequenceData::position(int64_t user_id) const {
    auto it = std::lower_bound(users.begin(), users.end(), user_id);
    return it != users.end() && *it == user_id ? it - users.begin() : -1;
}

SequenceData read_sequences(const Table& train, const SequenceColumns& columns, const std::string& op,
                            SequenceCounts& counts) {
    const Column& user = require_int64_column(train, columns.user, "user", op, "train");
    const Column& item = require_int64_column(train, columns.item, "item", op, "train");
    const Column& time = require_int64_column(train, columns.time, "time", op, "train");
    const Column* type = columns.type.empty() ? nullptr : &require_type_column(train, columns.type, op, "train");

    counts = SequenceCounts{};
    counts.rows = train.rows();
    std::vector<int64_t> rows;
    rows.reserve(train.rows());
    for (int64_t r = 0; r < train.rows(); ++r) {
        if (user.ints[r] == kNullInt || item.ints[r] == kNullInt || time.ints[r] == kNullInt) {
            ++counts.bad_rows;
            continue;
        }
        if (type && type->is_null(r)) ++counts.null_type_rows;
        rows.push_back(r);
    }
    if (rows.empty())
        throw Error(op + ": the train table has no rows with a user, an item and a time (rows: " +
                    std::to_string(train.rows()) + ", columns '" + columns.user + "', '" + columns.item + "', '" +
                    columns.time + "')");
    std::stable_sort(rows.begin(), rows.end(), [&](int64_t a, int64_t b) {
        if (user.ints[a] != user.ints[b]) return user.ints[a] < user.ints[b];
        return time.ints[a] < time.ints[b];
    });

    SequenceData data;
    for (int64_t r : rows) data.item_ids.push_back(item.ints[r]);
    std::sort(data.item_ids.begin(), data.item_ids.end());
    data.item_ids.erase(std::unique(data.item_ids.begin(), data.item_ids.end()), data.item_ids.end());

    data.items.reserve(rows.size());
    data.times.reserve(rows.size());
    for (int64_t r : rows) {
        if (data.users.empty() || data.users.back() != user.ints[r]) {
            data.users.push_back(user.ints[r]);
            data.offsets.push_back(static_cast<int64_t>(data.items.size()));
        }
        data.items.push_back(item_column(data.item_ids, item.ints[r]));
        data.times.push_back(time.ints[r]);
    }
    data.offsets.push_back(static_cast<int64_t>(data.items.size()));

    if (type) {
        data.type_names = type_vocabulary(*type, rows);
        const auto codes = type_codes(data.type_names);
        data.types.reserve(rows.size());
        for (int64_t r : rows) data.types.push_back(codes.at(type_name(*type, r)));
        data.default_type = most_frequent(data.types, data.type_columns());
    }
    return data;
}

HeldOut read_held_out(const Table& table, const SequenceData& data, const SequenceColumns& columns,
                      const std::string& op, const std::string& port) {
    const Column& user = require_int64_column(table, columns.user, "user", op, port);
    const Column& item = require_int64_column(table, columns.item, "item", op, port);
    const Column* time =
        table.has(columns.time) ? &require_int64_column(table, columns.time, "time", op, port) : nullptr;
    const Column* type = !columns.type.empty() && data.has_types() && table.has(columns.type)
                             ? &require_type_column(table, columns.type, op, port)
                             : nullptr;
    const auto codes = type_codes(data.type_names);

    HeldOut out;
    struct Row {
        int64_t user_row, time, row;
    };
    std::vector<Row> rows;
    for (int64_t r = 0; r < table.rows(); ++r) {
        if (user.ints[r] == kNullInt || item.ints[r] == kNullInt) {
            ++out.bad_rows;
            continue;
        }
        const int64_t u = data.position(user.ints[r]);
        if (u < 0) {
            ++out.unknown_users;
            continue;
        }
        if (item_column(data.item_ids, item.ints[r]) < 0) {
            ++out.unknown_items;
            continue;
        }
        const int64_t last_time = data.times[data.offsets[u + 1] - 1];
        const int64_t t = time && time->ints[r] != kNullInt ? time->ints[r] : last_time;
        rows.push_back(Row{u, t, r});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return a.user_row != b.user_row ? a.user_row < b.user_row : a.time < b.time;
    });

    out.offsets.assign(data.user_count() + 1, 0);
    for (const Row& row : rows) {
        ++out.offsets[row.user_row + 1];
        out.items.push_back(item_column(data.item_ids, item.ints[row.row]));
        out.times.push_back(row.time);
        if (data.has_types()) {
            auto it = type ? codes.find(type_name(*type, row.row)) : codes.end();
            out.types.push_back(it == codes.end() ? data.default_type : it->second);
        }
    }
    std::partial_sum(out.offsets.begin(), out.offsets.end(), out.offsets.begin());
    return out;
}

SequenceData append_held_out(const SequenceData& data, const HeldOut& held_out) {
    SequenceData out;
    out.item_ids = data.item_ids;
    out.type_names = data.type_names;
    out.users = data.users;
    out.default_type = data.default_type;
    const size_t total = data.items.size() + held_out.items.size();
    out.items.reserve(total);
    out.times.reserve(total);
    out.types.reserve(data.has_types() ? total : 0);
    out.offsets.push_back(0);
    for (int64_t u = 0; u < data.user_count(); ++u) {
        append_rows(out, data.items, data.times, data.types, data.offsets[u], data.offsets[u + 1]);
        append_rows(out, held_out.items, held_out.times, held_out.types, held_out.offsets[u], held_out.offsets[u + 1]);
        out.offsets.push_back(static_cast<int64_t>(out.items.size()));
    }
    return out;
}

}  // namespace persona::sequential
