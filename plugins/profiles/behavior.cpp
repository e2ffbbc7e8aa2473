// profile.behavior: per-user activity profile (volume, types, sessions, rhythm, clock, recency, funnel, money).
#include <cmath>

#include "calendar.h"
#include "event_columns.h"
#include "operators.h"
#include "persona/context.h"
#include "stats.h"
#include "user_rows.h"

namespace persona::profiles {

namespace {

constexpr const char* kOp = "profile.behavior";

OperatorSpec behavior_spec() {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.1.0";
    spec.doc = "Per-user behaviour: events, types, active days, sessions, inter-event times, hour/weekday shares, "
               "recency, funnel, orders and money";
    spec.input("events", Kind::Table, "events: user, ts, optional type, invoice, amount, price");
    spec.output("profile", Kind::Table, "one row per user, sorted by user (see README for the columns)");
    add_user_time_params(spec);
    add_type_params(spec);
    add_invoice_param(spec);
    add_amount_param(spec);
    add_price_param(spec);
    add_reference_param(spec);
    spec.param("session_gap", ParamType::Float, 30.0, "minutes of inactivity that end a session").at_least(0);
    spec.param("funnel", ParamType::StringList, Json::array({"view", "cart", "purchase"}),
               "type values of the funnel steps, in order (rates between consecutive steps and first to last)");
    return spec;
}

// The rows of one user, in time order.
struct UserSpan {
    const int64_t* rows;
    int64_t n;
};

// The output columns, appended one user at a time.
struct BehaviorColumns {
    std::vector<int64_t> events, active_days, sessions, first_seen, last_seen, orders;
    std::vector<double> session_events, session_minutes, gap_mean, gap_median, gap_std, tenure, recency;
    std::vector<double> total_amount, avg_basket, avg_price;
    std::vector<std::vector<int64_t>> type_counts;  // per type name
    std::vector<float> hours, weekdays;             // users x 24, users x 7
};

// Active days, sessions and the gaps between distinct event times of one user.
void add_time_shape(const ColumnValues<int64_t>& time, UserSpan span, int64_t session_gap_s, std::vector<double>& gaps,
                    BehaviorColumns& out) {
    int64_t days = 1, sessions = 1, session_start = time[span.rows[0]], duration = 0;
    gaps.clear();
    for (int64_t i = 1; i < span.n; ++i) {
        const int64_t prev = time[span.rows[i - 1]], now = time[span.rows[i]];
        if (day_number(now) != day_number(prev)) ++days;
        if (now - prev > session_gap_s) {
            duration += prev - session_start;
            session_start = now;
            ++sessions;
        }
        if (now > prev) gaps.push_back(static_cast<double>(now - prev) / kSecondsPerHour);
    }
    duration += time[span.rows[span.n - 1]] - session_start;
    out.active_days.push_back(days);
    out.sessions.push_back(sessions);
    out.session_events.push_back(static_cast<double>(span.n) / sessions);
    out.session_minutes.push_back(static_cast<double>(duration) / 60.0 / sessions);
    const double mean = mean_of(gaps);
    out.gap_mean.push_back(mean);
    out.gap_std.push_back(sample_std(gaps, mean));
    out.gap_median.push_back(median_in_place(gaps));
}

// Shares of the user's events per UTC hour of day and per weekday (Monday first).
void add_clock_shares(const ColumnValues<int64_t>& time, UserSpan span, BehaviorColumns& out) {
    const size_t h0 = out.hours.size(), w0 = out.weekdays.size();
    out.hours.resize(h0 + 24, 0.0f);
    out.weekdays.resize(w0 + 7, 0.0f);
    for (int64_t i = 0; i < span.n; ++i) {
        const int64_t t = time[span.rows[i]];
        out.hours[h0 + hour_of_day(t)] += 1.0f;
        out.weekdays[w0 + day_of_week(t)] += 1.0f;
    }
    const float inv = 1.0f / static_cast<float>(span.n);
    for (size_t k = 0; k < 24; ++k) out.hours[h0 + k] *= inv;
    for (size_t k = 0; k < 7; ++k) out.weekdays[w0 + k] *= inv;
}

void add_type_counts(const EventTypes& types, UserSpan span, BehaviorColumns& out) {
    for (auto& column : out.type_counts) column.push_back(0);
    for (int64_t i = 0; i < span.n; ++i) {
        const int64_t code = types.code[span.rows[i]];
        if (code >= 0) ++out.type_counts[code].back();
    }
}

// Orders (distinct invoices of order rows), total amount and mean unit price over purchase rows.
// invoice_owner[i] remembers the last user (group index) that counted invoice i.
void add_money(const EventColumns& ev, UserSpan span, int64_t group, std::vector<int64_t>& invoice_owner,
               BehaviorColumns& out) {
    int64_t orders = 0, priced = 0;
    double total = 0, price_sum = 0;
    for (int64_t i = 0; i < span.n; ++i) {
        const int64_t r = span.rows[i];
        if (!ev.is_purchase(r)) continue;
        if (ev.has_amount && !std::isnan(ev.amount[r])) total += ev.amount[r];
        if (ev.has_price && !std::isnan(ev.price[r])) price_sum += ev.price[r], ++priced;
        if (ev.has_invoice && ev.is_order_row(r)) {
            const int64_t inv = ev.invoice.id[r];
            if (inv >= 0 && invoice_owner[inv] != group) invoice_owner[inv] = group, ++orders;
        }
    }
    out.orders.push_back(orders);
    out.total_amount.push_back(total);
    out.avg_basket.push_back(orders > 0 ? total / orders : std::nan(""));
    out.avg_price.push_back(priced > 0 ? price_sum / priced : std::nan(""));
}

BehaviorColumns compute(const EventColumns& ev, const UserRows& users, int64_t session_gap_s, int64_t reference) {
    BehaviorColumns out;
    if (ev.has_types) out.type_counts.resize(ev.types.names.size());
    std::vector<int64_t> invoice_owner(ev.has_invoice ? ev.invoice.count : 0, -1);
    std::vector<double> gaps;
    const ColumnValues<int64_t>& time = ev.time;
    for (int64_t g = 0; g < users.groups(); ++g) {
        const UserSpan span{users.order.data() + users.start[g], users.start[g + 1] - users.start[g]};
        const int64_t first = time[span.rows[0]], last = time[span.rows[span.n - 1]];
        out.events.push_back(span.n);
        out.first_seen.push_back(first);
        out.last_seen.push_back(last);
        out.tenure.push_back(static_cast<double>(reference - first) / kSecondsPerDay);
        out.recency.push_back(static_cast<double>(reference - last) / kSecondsPerDay);
        add_time_shape(time, span, session_gap_s, gaps, out);
        add_clock_shares(time, span, out);
        if (ev.has_types) add_type_counts(ev.types, span, out);
        add_money(ev, span, g, invoice_owner, out);
    }
    return out;
}

// count[b] / count[a] per user; NaN where count[a] is 0.
std::vector<double> rate(const std::vector<int64_t>& from, const std::vector<int64_t>& to) {
    std::vector<double> out(from.size(), std::nan(""));
    for (size_t u = 0; u < from.size(); ++u)
        if (from[u] > 0) out[u] = static_cast<double>(to[u]) / from[u];
    return out;
}

// True when some user has an event of type code.
bool occurs(const std::vector<int64_t>& counts) {
    for (int64_t n : counts)
        if (n > 0) return true;
    return false;
}

// Rates between consecutive funnel steps and from the first to the last, for steps that occur in the data.
void add_funnel(Table& table, const EventColumns& ev, const std::vector<std::string>& steps, const BehaviorColumns& c) {
    auto counts_of = [&](const std::string& name) -> const std::vector<int64_t>* {
        const int64_t code = ev.types.find(name);
        return code < 0 || !occurs(c.type_counts[code]) ? nullptr : &c.type_counts[code];
    };
    auto add_rate = [&](const std::string& from, const std::string& to) {
        const auto *a = counts_of(from), *b = counts_of(to);
        if (a && b && !table.has(from + "_to_" + to)) table.add_float64(from + "_to_" + to, rate(*a, *b));
    };
    for (size_t k = 0; k + 1 < steps.size(); ++k) add_rate(steps[k], steps[k + 1]);
    if (steps.size() >= 3) add_rate(steps.front(), steps.back());
}

Table to_table(const UserRows& users, const EventColumns& ev, const Params& params, BehaviorColumns c) {
    Table t;
    t.add_int64("user", users.users);
    t.add_int64("events", std::move(c.events));
    if (ev.has_types)
        for (size_t k = 0; k < ev.types.names.size(); ++k)
            if (!ev.types.names[k].empty() && occurs(c.type_counts[k]) && !t.has("events_" + ev.types.names[k]))
                t.add_int64("events_" + ev.types.names[k], c.type_counts[k]);
    t.add_int64("active_days", std::move(c.active_days));
    t.add_int64("sessions", std::move(c.sessions));
    t.add_float64("session_events_mean", std::move(c.session_events));
    t.add_float64("session_minutes_mean", std::move(c.session_minutes));
    t.add_float64("gap_hours_mean", std::move(c.gap_mean));
    t.add_float64("gap_hours_median", std::move(c.gap_median));
    t.add_float64("gap_hours_std", std::move(c.gap_std));
    t.add_vector("hour_of_day", 24, std::move(c.hours));
    t.add_vector("day_of_week", 7, std::move(c.weekdays));
    t.add_int64("first_seen", std::move(c.first_seen));
    t.add_int64("last_seen", std::move(c.last_seen));
    t.add_float64("tenure_days", std::move(c.tenure));
    t.add_float64("recency_days", std::move(c.recency));
    if (ev.has_types) add_funnel(t, ev, params.texts("funnel"), c);
    if (ev.has_invoice) t.add_int64("orders", std::move(c.orders));
    if (ev.has_invoice && ev.has_amount) t.add_float64("avg_basket", std::move(c.avg_basket));
    if (ev.has_price) t.add_float64("avg_price", std::move(c.avg_price));
    if (ev.has_amount) t.add_float64("total_amount", std::move(c.total_amount));
    return t;
}

Outputs run_behavior(Context& ctx, const Inputs& inputs, const Params& params) {
    const Table& table = inputs.table("events");
    const EventColumns ev = read_event_columns(table, params, kOp, {true, true, true, true});
    const UserRows users = group_by_user(ev.user, ev.time.data(), ev.rows);
    report_skipped_events(ctx, users, table.rows());
    if (users.groups() == 0)
        throw Error(std::string(kOp) + ": no event has both a user and a time (rows: " + std::to_string(table.rows()) + ")");
    const int64_t reference = reference_time(params.text("reference_date"), users.last_time, kOp);
    const auto session_gap_s = static_cast<int64_t>(std::llround(params.number("session_gap") * 60.0));
    ctx.progress(0.3, std::to_string(users.groups()) + " users");
    Table out = to_table(users, ev, params, compute(ev, users, session_gap_s, reference));
    ctx.note("users", users.groups());
    ctx.note("reference_time", reference);
    return {{"profile", make_artifact(std::move(out))}};
}

}  // namespace

void register_behavior(Registry& registry) { registry.add_operator(behavior_spec(), run_behavior); }

}  // namespace persona::profiles
