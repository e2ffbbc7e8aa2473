// transform.filter: keeps rows by non-null columns, event type, time window, then user/item counts (k-core).
#include <algorithm>
#include <cmath>

#include "operators.h"
#include "row_order.h"
#include "table_columns.h"
#include "text_values.h"

namespace persona::transforms {

namespace {

const char* kOp = "transform.filter";

OperatorSpec filter_spec() {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.1.0";
    spec.doc = "Keeps rows with non-null columns, chosen events, a time window and enough rows per user/item";
    spec.input("table", Kind::Table, "interactions");
    spec.output("table", Kind::Table, "the kept rows, in input order");
    spec.param("user", ParamType::String, "user", "user column (int64 or string)");
    spec.param("item", ParamType::String, "item", "item column (int64 or string)");
    spec.param("time", ParamType::String, "ts", "time column (int64 or float64, compared in its own unit)");
    spec.param("event", ParamType::String, "event", "event column (string or int64)");
    spec.param("min_user", ParamType::Int, 0, "drop users with fewer rows than this").at_least(0);
    spec.param("min_item", ParamType::Int, 0, "drop items with fewer rows than this").at_least(0);
    spec.param("core", ParamType::Bool, false, "repeat user then item filtering until both minimums hold (k-core)");
    spec.param("events", ParamType::StringList, Json::array(), "keep only these event values ([] = all)");
    spec.param("start", ParamType::String, "", "keep time >= start: unix seconds or YYYY-MM-DD[ HH:MM:SS] UTC");
    spec.param("end", ParamType::String, "", "keep time < end: unix seconds or YYYY-MM-DD[ HH:MM:SS] UTC");
    spec.param("where_not_null", ParamType::StringList, Json::array(), "drop rows where any of these columns is null");
    return spec;
}

// Clears alive[r] for rows where the column is null; returns how many alive rows it cleared.
int64_t remove_nulls(const Column& column, std::vector<uint8_t>& alive) {
    int64_t removed = 0;
    for (int64_t r = 0; r < column.size(); ++r)
        if (alive[r] && column.is_null(r)) alive[r] = 0, ++removed;
    return removed;
}

// Per event code (string column) whether the code is one of the wanted events; warns about absent ones.
std::vector<uint8_t> wanted_codes(Context& ctx, const Column& event, const std::vector<std::string>& events) {
    std::vector<uint8_t> wanted(event.dict.size(), 0);
    for (const auto& name : events) {
        bool found = false;
        for (size_t code = 0; code < event.dict.size(); ++code)
            if (event.dict[code] == name) wanted[code] = 1, found = true;
        if (!found) ctx.warn("event '" + name + "' does not occur in column '" + event.name + "'");
    }
    return wanted;
}

// Clears alive[r] for rows whose event is not one of events; returns how many alive rows it cleared.
int64_t remove_other_events(Context& ctx, const Column& event, const std::vector<std::string>& events,
                            std::vector<uint8_t>& alive) {
    int64_t removed = 0;
    if (event.type == ColumnType::String) {
        std::vector<uint8_t> wanted = wanted_codes(ctx, event, events);
        for (int64_t r = 0; r < event.size(); ++r) {
            int64_t code = event.ints[r];
            if (alive[r] && (code < 0 || !wanted[code])) alive[r] = 0, ++removed;
        }
        return removed;
    }
    std::vector<int64_t> values;
    for (const auto& text : events) {
        int64_t v;
        if (!parse_int64(text, v))
            throw Error(std::string(kOp) + ": param 'events' has '" + text + "', but column '" + event.name +
                        "' is int64; expected integer event values");
        values.push_back(v);
    }
    for (int64_t r = 0; r < event.size(); ++r)
        if (alive[r] && std::find(values.begin(), values.end(), event.ints[r]) == values.end()) alive[r] = 0, ++removed;
    return removed;
}

// A half-open time window [start, end) in unix seconds; a missing bound does not limit.
struct TimeWindow {
    bool has_start = false, has_end = false;
    int64_t start = 0, end = 0;
    bool active() const { return has_start || has_end; }
    bool contains(int64_t t) const { return t != kNullInt && (!has_start || t >= start) && (!has_end || t < end); }
    bool contains(double t) const {
        return !std::isnan(t) && (!has_start || t >= static_cast<double>(start)) &&
               (!has_end || t < static_cast<double>(end));
    }
};

// A time bound param as unix seconds; empty text means no bound (returns false).
bool time_bound(const Params& params, const std::string& name, int64_t& seconds) {
    std::string text = params.text(name);
    if (text.empty()) return false;
    if (!parse_time_bound(text, seconds))
        throw Error(std::string(kOp) + ": param '" + name + "' is '" + text +
                    "'; expected unix seconds or a date YYYY-MM-DD or YYYY-MM-DD HH:MM:SS");
    return true;
}

TimeWindow time_window(const Params& params) {
    TimeWindow window;
    window.has_start = time_bound(params, "start", window.start);
    window.has_end = time_bound(params, "end", window.end);
    return window;
}

// Clears alive[r] for rows whose time is null or outside the window; returns how many alive rows it cleared.
int64_t remove_outside_window(const Column& time, const TimeWindow& window, std::vector<uint8_t>& alive) {
    int64_t removed = 0;
    for (int64_t r = 0; r < time.size(); ++r) {
        bool inside = time.type == ColumnType::Int64 ? window.contains(time.ints[r]) : window.contains(time.floats[r]);
        if (alive[r] && !inside) alive[r] = 0, ++removed;
    }
    return removed;
}

// Keeps the rows whose group has at least min_count of them (null keys never do), in order; returns rows removed.
// counts is scratch space of size groups.count.
int64_t keep_frequent(std::vector<int64_t>& rows, const GroupIds& groups, int64_t min_count,
                      std::vector<int64_t>& counts) {
    std::fill(counts.begin(), counts.end(), 0);
    for (int64_t r : rows)
        if (groups.ids[r] >= 0) ++counts[groups.ids[r]];
    size_t kept = 0;
    for (int64_t r : rows) {
        int64_t id = groups.ids[r];
        if (id >= 0 && counts[id] >= min_count) rows[kept++] = r;
    }
    int64_t removed = static_cast<int64_t>(rows.size() - kept);
    rows.resize(kept);
    return removed;
}

// The user/item count filter, once or (core) until nothing changes; notes rows removed per reason.
void filter_by_counts(Context& ctx, const Table& table, const Params& params, std::vector<int64_t>& rows) {
    int64_t min_user = params.integer("min_user"), min_item = params.integer("min_item");
    int64_t removed_user = 0, removed_item = 0, rounds = 0;
    GroupIds users, items;
    if (min_user > 0) users = group_ids(require_key_column(table, params.text("user"), {kOp, "user"}));
    if (min_item > 0) items = group_ids(require_key_column(table, params.text("item"), {kOp, "item"}));
    std::vector<int64_t> user_counts(users.count), item_counts(items.count);
    while (min_user > 0 || min_item > 0) {
        ctx.check_cancelled();
        int64_t by_user = 0, by_item = 0;
        if (min_user > 0) by_user = keep_frequent(rows, users, min_user, user_counts);
        if (min_item > 0) by_item = keep_frequent(rows, items, min_item, item_counts);
        removed_user += by_user;
        removed_item += by_item;
        ++rounds;
        ctx.progress(std::min(0.9, 0.5 + 0.05 * static_cast<double>(rounds)), "count filter round " + std::to_string(rounds));
        if (!params.flag("core") || by_user + by_item == 0) break;
    }
    ctx.note("rows_removed_min_user", removed_user);
    ctx.note("rows_removed_min_item", removed_item);
    ctx.note("count_filter_rounds", rounds);
}

Outputs run_filter(Context& ctx, const Inputs& inputs, const Params& params) {
    const Table& table = inputs.table("table");
    std::vector<uint8_t> alive(table.rows(), 1);

    int64_t removed_null = 0;
    for (const auto& name : params.texts("where_not_null"))
        removed_null += remove_nulls(require_column(table, name, {kOp, "where_not_null"}), alive);
    ctx.note("rows_removed_null", removed_null);

    int64_t removed_event = 0;
    std::vector<std::string> events = params.texts("events");
    if (!events.empty())
        removed_event = remove_other_events(ctx, require_key_column(table, params.text("event"), {kOp, "event"}),
                                            events, alive);
    ctx.note("rows_removed_event", removed_event);

    TimeWindow window = time_window(params);
    int64_t removed_time = 0;
    if (window.active())
        removed_time = remove_outside_window(require_numeric_column(table, params.text("time"), {kOp, "time"}),
                                             window, alive);
    ctx.note("rows_removed_time", removed_time);
    ctx.progress(0.5, "row filters done");

    std::vector<int64_t> rows = rows_where(alive);
    filter_by_counts(ctx, table, params, rows);
    ctx.note("rows_kept", static_cast<int64_t>(rows.size()));
    ctx.progress(1.0, "done");
    if (static_cast<int64_t>(rows.size()) == table.rows()) return {{"table", inputs.one("table").artifact}};
    return {{"table", make_artifact(table.take(rows))}};
}

}  // namespace

void register_filter(Registry& registry) { registry.add_operator(filter_spec(), run_filter); }

}  // namespace persona::transforms
