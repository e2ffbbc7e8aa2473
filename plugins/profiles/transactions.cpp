// profile.transactions: cleans a raw transaction log into events, with documented, counted policies.
#include <algorithm>
#include <cmath>

#include "column_take.h"
#include "operators.h"
#include "stats.h"
#include "persona/context.h"
#include "table_columns.h"
#include "transaction_lines.h"
#include "user_rows.h"

namespace persona::profiles {

namespace {

constexpr const char* kOp = "profile.transactions";

OperatorSpec transactions_spec() {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.1.0";
    spec.doc = "Cleans raw transaction lines into events (user, item, ts, quantity, price, amount) with counted policies";
    spec.input("table", Kind::Table, "raw transaction lines (e.g. source.csv of Online Retail)");
    spec.output("events", Kind::Table,
                "user, item, item_code, ts, quantity, price, amount, [invoice], type, passthrough; sorted by (user, ts)");
    spec.output("rejected", Kind::Table, "row (0-based input row), reason; one row per rejected line");
    spec.output("items", Kind::Table, "item, item_code, rows, price (median unit price), item_columns");
    spec.param("user", ParamType::String, "user", "customer id column (int64, integral float64 or string)");
    spec.param("item", ParamType::String, "item", "product code column (string or int64)");
    spec.param("time", ParamType::String, "ts", "time column (int64 unix seconds or date strings)");
    spec.param("quantity", ParamType::String, "quantity", "quantity column (number)");
    spec.param("price", ParamType::String, "price", "unit price column (number)");
    spec.param("invoice", ParamType::String, "invoice", "invoice column (string or int64); \"\" = none");
    spec.param("cancel_prefix", ParamType::String, "C", "an invoice starting with this marks a cancellation");
    spec.param("cancelled", ParamType::String, "drop", "lines of cancelled invoices: drop | keep (type 'cancel')")
        .one_of({"drop", "keep"});
    spec.param("returns", ParamType::String, "drop",
               "lines with negative quantity: drop | net (kept as type 'purchase' with negative amounts) | "
               "keep (kept as type 'return')")
        .one_of({"drop", "net", "keep"});
    spec.param("nonpositive_price", ParamType::String, "drop", "lines with price <= 0: drop | keep")
        .one_of({"drop", "keep"});
    spec.param("passthrough", ParamType::StringList, Json::array(), "extra columns copied to events (e.g. Country)");
    spec.param("item_columns", ParamType::StringList, Json::array(),
               "columns copied to items: each item's first non-null value (e.g. Description)");
    return spec;
}

LinePolicy read_policy(const Params& params) {
    LinePolicy policy;
    policy.cancel_prefix = params.text("cancel_prefix");
    policy.keep_cancelled = params.text("cancelled") == "keep";
    const std::string returns = params.text("returns");
    policy.returns = returns == "net"    ? LinePolicy::Returns::net
                     : returns == "keep" ? LinePolicy::Returns::keep
                                         : LinePolicy::Returns::drop;
    policy.keep_nonpositive_price = params.text("nonpositive_price") == "keep";
    return policy;
}

// The kept lines sorted by (user, time, input row).
std::vector<int64_t> kept_in_user_order(const UserIds& users, const ColumnValues<int64_t>& times,
                                        const LineDecisions& decisions) {
    std::vector<int64_t> user(users.id.size(), kNullInt);
    for (size_t r = 0; r < user.size(); ++r)
        if (decisions.reason[r] == Reason::kept) user[r] = users.id[r];
    return group_by_user(user.data(), times.data(), static_cast<int64_t>(user.size())).order;
}

// The standard event columns for the kept lines.
Table build_events(const Table& input, const Params& params, const std::vector<int64_t>& kept, const UserIds& users,
                   const ColumnValues<int64_t>& times, const ItemIds& items, const ColumnValues<double>& quantity,
                   const ColumnValues<double>& price, const LineDecisions& decisions) {
    const size_t n = kept.size();
    std::vector<int64_t> user(n), item(n), code(n), ts(n), type(n);
    std::vector<double> unit_price(n), amount(n);
    for (size_t i = 0; i < n; ++i) {
        const int64_t r = kept[i];
        user[i] = users.id[r];
        item[i] = items.id[r];
        code[i] = items.code_of[r];
        ts[i] = times[r];
        unit_price[i] = price[r];
        amount[i] = quantity[r] * price[r];
        type[i] = static_cast<int64_t>(decisions.type[r]);
    }
    Table events;
    events.add_int64("user", std::move(user));
    events.add_int64("item", std::move(item));
    events.add_string_codes("item_code", std::move(code), items.codes);
    events.add_int64("ts", std::move(ts));
    const Column& qty = input.column(params.text("quantity"));
    if (qty.type == ColumnType::Int64) events.add(take_column(qty, kept, "quantity"));
    else {
        std::vector<double> q(n);
        for (size_t i = 0; i < n; ++i) q[i] = quantity[kept[i]];
        events.add_float64("quantity", std::move(q));
    }
    events.add_float64("price", std::move(unit_price));
    events.add_float64("amount", std::move(amount));
    if (!params.text("invoice").empty()) events.add(take_column(input.column(params.text("invoice")), kept, "invoice"));
    events.add_string_codes("type", std::move(type), {"purchase", "return", "cancel"});
    for (const auto& name : params.texts("passthrough")) {
        const Column& source = require_column(input, name, {kOp, "passthrough"});
        if (events.has(name))
            throw Error(std::string(kOp) + ": parameter 'passthrough' names '" + name +
                        "', which clashes with an output column of the same name (rename it first)");
        events.add(take_column(source, kept, name));
    }
    return events;
}

Table build_rejected(const LineDecisions& decisions) {
    std::vector<int64_t> row, reason;
    for (size_t r = 0; r < decisions.reason.size(); ++r)
        if (decisions.reason[r] != Reason::kept) {
            row.push_back(static_cast<int64_t>(r));
            reason.push_back(static_cast<int64_t>(decisions.reason[r]) - 1);
        }
    std::vector<std::string> names;
    for (int k = 1; k < kReasonCount; ++k) names.push_back(reason_name(static_cast<Reason>(k)));
    Table rejected;
    rejected.add_int64("row", std::move(row));
    rejected.add_string_codes("reason", std::move(reason), std::move(names));
    return rejected;
}

// One row per item with kept lines: id, code, line count, median positive unit price, first values.
Table build_items(const Table& input, const Params& params, const ItemIds& items, const ColumnValues<double>& price,
                  const LineDecisions& decisions) {
    const size_t codes = items.codes.size();
    std::vector<int64_t> rows(codes, 0), first(codes, -1);
    std::vector<std::vector<double>> prices(codes);
    for (size_t r = 0; r < decisions.reason.size(); ++r) {
        if (decisions.reason[r] != Reason::kept) continue;
        const int64_t c = items.code_of[r];
        if (rows[c]++ == 0) first[c] = static_cast<int64_t>(r);
        if (price[r] > 0) prices[c].push_back(price[r]);
    }
    std::vector<int64_t> id, code, count, first_row;
    std::vector<double> median;
    for (size_t c = 0; c < codes; ++c) {
        if (rows[c] == 0) continue;
        id.push_back(items.id[first[c]]);
        code.push_back(static_cast<int64_t>(c));
        count.push_back(rows[c]);
        median.push_back(median_in_place(prices[c]));
        first_row.push_back(first[c]);
    }
    Table out;
    out.add_int64("item", std::move(id));
    out.add_string_codes("item_code", std::move(code), items.codes);
    out.add_int64("rows", std::move(count));
    out.add_float64("price", std::move(median));
    for (const auto& name : params.texts("item_columns")) {
        const Column& source = require_column(input, name, {kOp, "item_columns"});
        if (out.has(name))
            throw Error(std::string(kOp) + ": parameter 'item_columns' names '" + name +
                        "', which clashes with an items column of the same name");
        // The first kept line of the item with a non-null value.
        std::vector<int64_t> pick(out.rows(), -1);
        std::vector<int64_t> slot(codes, -1);
        for (int64_t i = 0; i < out.rows(); ++i) slot[out.column("item_code").ints[i]] = i;
        for (size_t r = 0; r < decisions.reason.size(); ++r) {
            if (decisions.reason[r] != Reason::kept || source.is_null(static_cast<int64_t>(r))) continue;
            int64_t& p = pick[slot[items.code_of[r]]];
            if (p < 0) p = static_cast<int64_t>(r);
        }
        out.add(take_column(source, pick, name));
    }
    return out;
}

void note_counts(Context& ctx, const LineDecisions& d, const Params& params, int64_t rows_in, int64_t rows_out) {
    int64_t counts[kReasonCount] = {};
    for (Reason r : d.reason) ++counts[static_cast<int>(r)];
    Json rejected = Json::object();
    int64_t bad = 0;
    for (int k = 1; k < kReasonCount; ++k) {
        rejected[reason_name(static_cast<Reason>(k))] = counts[k];
        if (static_cast<Reason>(k) < Reason::cancelled) bad += counts[k];
    }
    ctx.note("rows_in", rows_in);
    ctx.note("rows_out", rows_out);
    ctx.note("bad_rows", bad);
    ctx.note("rejected", rejected);
    ctx.note("policy", Json{{"cancelled", {{"rows", d.cancelled}, {"action", params.text("cancelled")}}},
                            {"returns", {{"rows", d.returns}, {"action", params.text("returns")}}},
                            {"nonpositive_price", {{"rows", d.nonpositive_price}, {"action", params.text("nonpositive_price")}}}});
    if (bad > 0)
        ctx.warn(std::to_string(bad) + " of " + std::to_string(rows_in) +
                 " lines have a missing or bad user, time, item, quantity or price (see the rejected table)");
}

Outputs run_transactions(Context& ctx, const Inputs& inputs, const Params& params) {
    const Table& input = inputs.table("table");
    const UserIds users = read_user_ids(require_column(input, params.text("user"), {kOp, "user"}), {kOp, "user"});
    const ColumnValues<int64_t> times = read_times(require_column(input, params.text("time"), {kOp, "time"}), {kOp, "time"});
    const ItemIds items = read_item_ids(require_column(input, params.text("item"), {kOp, "item"}), {kOp, "item"});
    const ColumnValues<double> quantity =
        numbers_of(require_column(input, params.text("quantity"), {kOp, "quantity"}), {kOp, "quantity"});
    const ColumnValues<double> price = numbers_of(require_column(input, params.text("price"), {kOp, "price"}), {kOp, "price"});
    std::vector<uint8_t> cancelled;
    if (!params.text("invoice").empty())
        cancelled = cancelled_flags(require_column(input, params.text("invoice"), {kOp, "invoice"}),
                                    params.text("cancel_prefix"));
    ctx.progress(0.3, "lines read");
    const LineDecisions decisions = decide_lines(users, times, items, quantity, price, cancelled, read_policy(params));
    const std::vector<int64_t> kept = kept_in_user_order(users, times, decisions);
    ctx.progress(0.6, std::to_string(kept.size()) + " lines kept");
    Table events = build_events(input, params, kept, users, times, items, quantity, price, decisions);
    note_counts(ctx, decisions, params, input.rows(), events.rows());
    Outputs out;
    out["items"] = make_artifact(build_items(input, params, items, price, decisions));
    out["rejected"] = make_artifact(build_rejected(decisions));
    out["events"] = make_artifact(std::move(events));
    return out;
}

}  // namespace

void register_transactions(Registry& registry) { registry.add_operator(transactions_spec(), run_transactions); }

}  // namespace persona::profiles
