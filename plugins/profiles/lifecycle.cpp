// profile.lifecycle: new / active / at_risk / churned / reactivated from recency against each user's own rhythm.
#include <algorithm>
#include <cmath>

#include "calendar.h"
#include "event_columns.h"
#include "operators.h"
#include "persona/context.h"
#include "stats.h"
#include "user_rows.h"

namespace persona::profiles {

namespace {

constexpr const char* kOp = "profile.lifecycle";
enum Stage : int64_t { kNew = 0, kActive, kAtRisk, kChurned, kReactivated };
const std::vector<std::string> kStageNames = {"new", "active", "at_risk", "churned", "reactivated"};

OperatorSpec lifecycle_spec() {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.1.0";
    spec.doc = "Lifecycle stage per customer (new, active, at_risk, churned, reactivated) from recency against the "
               "customer's median gap between purchase days";
    spec.input("events", Kind::Table, "events: user, ts, optional type and amount");
    spec.output("lifecycle", Kind::Table,
                "user, stage, purchase_days, first_purchase, last_purchase, tenure_days, recency_days, rhythm_days, "
                "last_gap_days, at_risk_after_days, churn_after_days");
    spec.output("stages", Kind::Table, "stage, users, share");
    add_user_time_params(spec);
    add_type_params(spec);
    add_amount_param(spec);
    add_reference_param(spec);
    spec.param("new_days", ParamType::Float, 30.0, "new: the first purchase is at most this many days old").at_least(0);
    spec.param("at_risk_multiplier", ParamType::Float, 2.0, "at_risk: recency > this x rhythm").at_least(0);
    spec.param("churn_multiplier", ParamType::Float, 3.0,
               "churned: recency > this x rhythm; reactivated: the last gap was > this x the earlier rhythm")
        .at_least(0);
    spec.param("min_gap_days", ParamType::Float, 7.0, "floor of a rhythm, in days").at_least(0);
    spec.param("default_gap_days", ParamType::Float, 0.0,
               "rhythm when there is no gap to measure; 0 = the median rhythm of customers with 2+ purchase days")
        .at_least(0);
    return spec;
}

// Purchase days of one customer, and the first and last purchase times.
struct Purchases {
    std::vector<int64_t> days;  // distinct UTC day numbers, ascending
    int64_t first = kNullInt, last = kNullInt;
};

void collect_purchases(const EventColumns& ev, const UserRows& users, int64_t g, Purchases& p) {
    p.days.clear();
    p.first = p.last = kNullInt;
    const ColumnValues<int64_t>& time = ev.time;
    for (int64_t i = users.start[g]; i < users.start[g + 1]; ++i) {
        const int64_t r = users.order[i];
        if (!ev.is_order_row(r)) continue;
        if (p.first == kNullInt) p.first = time[r];
        p.last = time[r];
        const int64_t day = day_number(time[r]);
        if (p.days.empty() || p.days.back() != day) p.days.push_back(day);
    }
}

// The median gap in days between purchase days [0, end) (end >= 2); NaN when there are fewer than two.
double median_gap(const std::vector<int64_t>& days, size_t end, std::vector<double>& scratch) {
    scratch.clear();
    for (size_t i = 1; i < end; ++i) scratch.push_back(static_cast<double>(days[i] - days[i - 1]));
    return median_in_place(scratch);
}

struct Rules {
    double new_days, at_risk, churn, min_gap, fallback;
};

// The population fallback rhythm: the median of the median gaps of customers with 2+ purchase days.
double population_rhythm(const EventColumns& ev, const UserRows& users, double min_gap) {
    Purchases p;
    std::vector<double> rhythms, scratch;
    for (int64_t g = 0; g < users.groups(); ++g) {
        collect_purchases(ev, users, g, p);
        if (p.days.size() >= 2) rhythms.push_back(median_gap(p.days, p.days.size(), scratch));
    }
    return rhythms.empty() ? min_gap : median_in_place(rhythms);
}

struct LifecycleColumns {
    std::vector<int64_t> users, stage, purchase_days, first, last;
    std::vector<double> tenure, recency, rhythm, last_gap, at_risk_after, churn_after;
};

void classify(const Purchases& p, const Rules& rules, int64_t reference, std::vector<double>& scratch,
              LifecycleColumns& out) {
    const size_t k = p.days.size();
    const double rhythm = std::max(rules.min_gap, k >= 2 ? median_gap(p.days, k, scratch) : rules.fallback);
    const double prior = std::max(rules.min_gap, k >= 3 ? median_gap(p.days, k - 1, scratch) : rules.fallback);
    const double last_gap = k >= 2 ? static_cast<double>(p.days[k - 1] - p.days[k - 2]) : std::nan("");
    const double tenure = static_cast<double>(reference - p.first) / kSecondsPerDay;
    const double recency = static_cast<double>(reference - p.last) / kSecondsPerDay;
    Stage stage = kActive;
    if (tenure <= rules.new_days) stage = kNew;
    else if (recency > rules.churn * rhythm) stage = kChurned;
    else if (recency > rules.at_risk * rhythm) stage = kAtRisk;
    else if (k >= 2 && last_gap > rules.churn * prior) stage = kReactivated;
    out.stage.push_back(stage);
    out.purchase_days.push_back(static_cast<int64_t>(k));
    out.first.push_back(p.first);
    out.last.push_back(p.last);
    out.tenure.push_back(tenure);
    out.recency.push_back(recency);
    out.rhythm.push_back(rhythm);
    out.last_gap.push_back(last_gap);
    out.at_risk_after.push_back(rules.at_risk * rhythm);
    out.churn_after.push_back(rules.churn * rhythm);
}

Table stage_summary(const std::vector<int64_t>& stage) {
    std::vector<int64_t> users(kStageNames.size(), 0), codes;
    for (int64_t s : stage) ++users[s];
    std::vector<double> share;
    for (size_t s = 0; s < kStageNames.size(); ++s) {
        codes.push_back(static_cast<int64_t>(s));
        share.push_back(stage.empty() ? 0.0 : static_cast<double>(users[s]) / stage.size());
    }
    Table t;
    t.add_string_codes("stage", std::move(codes), kStageNames);
    t.add_int64("users", std::move(users));
    t.add_float64("share", std::move(share));
    return t;
}

Table to_table(LifecycleColumns c) {
    Table t;
    t.add_int64("user", std::move(c.users));
    t.add_string_codes("stage", std::move(c.stage), kStageNames);
    t.add_int64("purchase_days", std::move(c.purchase_days));
    t.add_int64("first_purchase", std::move(c.first));
    t.add_int64("last_purchase", std::move(c.last));
    t.add_float64("tenure_days", std::move(c.tenure));
    t.add_float64("recency_days", std::move(c.recency));
    t.add_float64("rhythm_days", std::move(c.rhythm));
    t.add_float64("last_gap_days", std::move(c.last_gap));
    t.add_float64("at_risk_after_days", std::move(c.at_risk_after));
    t.add_float64("churn_after_days", std::move(c.churn_after));
    return t;
}

Outputs run_lifecycle(Context& ctx, const Inputs& inputs, const Params& params) {
    const Table& table = inputs.table("events");
    const EventColumns ev = read_event_columns(table, params, kOp, {true, false, true, false});
    const UserRows users = group_by_user(ev.user, ev.time.data(), ev.rows);
    report_skipped_events(ctx, users, table.rows());
    const int64_t reference = reference_time(params.text("reference_date"), users.last_time, kOp);
    Rules rules{params.number("new_days"), params.number("at_risk_multiplier"), params.number("churn_multiplier"),
                params.number("min_gap_days"), params.number("default_gap_days")};
    if (rules.fallback <= 0) rules.fallback = population_rhythm(ev, users, rules.min_gap);
    ctx.note("default_gap_days", rules.fallback);
    LifecycleColumns c;
    Purchases p;
    std::vector<double> scratch;
    for (int64_t g = 0; g < users.groups(); ++g) {
        collect_purchases(ev, users, g, p);
        if (p.days.empty()) continue;
        c.users.push_back(users.users[g]);
        classify(p, rules, reference, scratch, c);
    }
    ctx.note("users_without_purchase", users.groups() - static_cast<int64_t>(c.users.size()));
    Table summary = stage_summary(c.stage);
    return {{"lifecycle", make_artifact(to_table(std::move(c)))}, {"stages", make_artifact(std::move(summary))}};
}

}  // namespace

void register_lifecycle(Registry& registry) { registry.add_operator(lifecycle_spec(), run_lifecycle); }

}  // namespace persona::profiles
