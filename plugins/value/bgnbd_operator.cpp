// model.bgnbd: per-customer summary -> BG/NBD and Gamma-Gamma fits -> expected purchases, P(alive), spend, CLV.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "bgnbd_model.h"
#include "calendar.h"
#include "customer_summary.h"
#include "gamma_gamma_model.h"
#include "operators.h"
#include "persona/context.h"
#include "persona/error.h"
#include "transaction_rows.h"

namespace persona::value {

namespace {

constexpr const char* kOp = "model.bgnbd";

// The day of a "YYYY-MM-DD" param; throws Error naming the operator and the param.
int64_t date_param(const Params& params, const std::string& name) {
    const std::string text = params.text(name);
    int64_t day = 0;
    if (!parse_iso_date(text, day))
        throw Error(std::string(kOp) + ": parameter '" + name + "': expected a date YYYY-MM-DD, got \"" + text + "\"");
    return day;
}

// The calibration and holdout periods from the params; holdout_end "" = the day of the last event.
Periods periods_from(const Params& params, const Transactions& t) {
    Periods periods;
    periods.calibration_end_day = date_param(params, "calibration_end");
    periods.unit_days = params.text("unit") == "days" ? 1.0 : 7.0;
    periods.merge_same_day = params.flag("merge_same_day");
    if (params.text("holdout_end").empty()) {
        int64_t last = periods.calibration_end_day;
        for (int64_t ts : t.ts) last = std::max(last, day_number(ts));
        periods.holdout_end_day = last;
    } else {
        periods.holdout_end_day = date_param(params, "holdout_end");
        if (periods.holdout_end_day < periods.calibration_end_day)
            throw Error(std::string(kOp) + ": holdout_end " + params.text("holdout_end") +
                        " is before calibration_end " + params.text("calibration_end"));
    }
    return periods;
}

// The forecast length in units: the param, or the holdout length when it is 0.
double horizon_from(const Params& params, const Periods& periods) {
    const double horizon = params.number("horizon");
    if (horizon > 0) return horizon;
    const double holdout_days = static_cast<double>(periods.holdout_end_day - periods.calibration_end_day);
    if (holdout_days <= 0)
        throw Error(std::string(kOp) + ": there is no holdout period (no event after calibration_end " +
                    params.text("calibration_end") + "), so set 'horizon' (forecast length in " + params.text("unit") + ")");
    return holdout_days / periods.unit_days;
}

// The customers with repeat purchases and a positive mean repeat value (the Gamma-Gamma fitting set).
SpendData spend_data(const CustomerSummary& s, int64_t& excluded_zero) {
    SpendData d;
    for (size_t i = 0; i < s.user.size(); ++i) {
        if (s.rfm.x[i] < 1) continue;
        if (!(s.avg_spend[i] > 0)) { ++excluded_zero; continue; }
        d.x.push_back(s.rfm.x[i]);
        d.zbar.push_back(s.avg_spend[i]);
    }
    return d;
}

Json bgnbd_json(const BgNbdFit& f) {
    return Json{{"r", f.params.r}, {"alpha", f.params.alpha}, {"a", f.params.a}, {"b", f.params.b},
                {"dropout_mean", f.params.a / (f.params.a + f.params.b)},
                {"log_likelihood", f.log_likelihood}, {"evaluations", f.evaluations}, {"restarts", f.restarts},
                {"converged", f.converged}, {"gradient_norm", f.gradient_norm}};
}

Json gamma_gamma_json(const GammaGammaFit& f, size_t customers) {
    return Json{{"p", f.params.p}, {"q", f.params.q}, {"gamma", f.params.gamma}, {"log_likelihood", f.log_likelihood},
                {"customers", customers}, {"evaluations", f.evaluations}, {"converged", f.converged},
                {"population_mean", gamma_gamma_population_mean(f.params)}};
}

// The customers table: the summary plus the model's predictions and the naive baseline. `methods` counts the
// customers by the method that computed E[Y(horizon) | alive] (see AliveMeanMethod).
Table customers_table(const CustomerSummary& s, const BgNbdParams& bg, const GammaGammaParams* gg, bool has_holdout,
                      double horizon, double discount, Context& ctx, std::map<std::string, int64_t>& methods) {
    const size_t n = s.user.size();
    std::vector<double> expected(n), p_alive(n), expected_spend(n, std::nan("")), clv(n, std::nan("")), naive(n);
    for (size_t i = 0; i < n; ++i) {
        const double x = static_cast<double>(s.rfm.x[i]), t_x = s.rfm.t_x[i], T = s.rfm.T[i];
        AliveMeanMethod used = AliveMeanMethod::automatic;
        expected[i] = bgnbd_expected_purchases(bg, x, t_x, T, horizon, AliveMeanMethod::automatic, &used);
        ++methods[alive_mean_method_name(used)];
        p_alive[i] = bgnbd_p_alive(bg, x, t_x, T);
        naive[i] = T > 0 ? x / T * horizon : 0.0;
        if (gg) {
            expected_spend[i] = gamma_gamma_expected_spend(*gg, x, x > 0 ? s.avg_spend[i] : 0.0);
            const double purchases = discount > 0 ? bgnbd_discounted_purchases(bg, x, t_x, T, horizon, discount) : expected[i];
            clv[i] = purchases * expected_spend[i];
        }
        if (i % 256 == 0) {
            ctx.check_cancelled();
            ctx.progress(0.5 + 0.5 * static_cast<double>(i) / static_cast<double>(n), "predicting");
        }
    }
    Table t;
    t.add_int64("user", s.user);
    t.add_int64("x", s.rfm.x);
    t.add_float64("t_x", s.rfm.t_x);
    t.add_float64("T", s.rfm.T);
    if (has_holdout) {
        t.add_int64("holdout_purchases", s.holdout_purchases);
        t.add_float64("holdout_spend", s.holdout_spend);
    }
    t.add_float64("expected_purchases", std::move(expected));
    t.add_float64("p_alive", std::move(p_alive));
    t.add_float64("avg_spend", s.avg_spend);
    t.add_float64("expected_spend", std::move(expected_spend));
    t.add_float64("clv", std::move(clv));
    t.add_float64("naive_purchases", std::move(naive));
    return t;
}

// Below this mean dropout probability the fit is at the NBD limit (see warn_about_fit).
constexpr double kNoDropout = 1e-6;

// A number for a message, 4 significant digits ("7.297e-11", "9.367").
std::string short_number(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.4g", v);
    return buffer;
}

// Warns when the fit is at the no-dropout limit, a / (a + b) -> 0: there the likelihood keeps rising towards the
// NBD model (nobody drops out), a and b are not identified (only their ratio ~ 0 is) and the forecasts are the
// NBD's. Warns also when the fit did not settle, typically a likelihood ridge towards a parameter bound: r and
// alpha growing together (no heterogeneity in purchase rates) or a and b growing together (one dropout
// probability for everybody). The forecasts stay usable; the parameters are then not identified.
void warn_about_fit(Context& ctx, const BgNbdFit& fit) {
    const BgNbdParams& p = fit.params;
    const double dropout_mean = p.a / (p.a + p.b);
    const bool no_dropout = dropout_mean < kNoDropout;
    if (no_dropout)
        ctx.warn(std::string(kOp) + ": the BG/NBD likelihood is highest where customers never drop out (mean dropout "
                 "probability a / (a + b) = " + short_number(dropout_mean) + ", a " + short_number(p.a) + ", b " +
                 short_number(p.b) + "): the model has reduced to the NBD, a and b are not identified, P(alive) ~ 1 "
                 "and the forecasts are the NBD's (r + x) t / (alpha + T)");
    // At the no-dropout limit a large b is expected; only r and alpha can still run away.
    const double largest = no_dropout ? std::max(p.r, p.alpha) : std::max({p.r, p.alpha, p.a, p.b});
    if (fit.converged && largest < 1e5) return;
    ctx.warn(std::string(kOp) + ": the BG/NBD fit did not settle (r " + short_number(p.r) + ", alpha " +
             short_number(p.alpha) + ", a " + short_number(p.a) + ", b " + short_number(p.b) +
             "): the likelihood keeps rising towards a boundary where the population is homogeneous; too few "
             "customers or repeat purchases to tell the heterogeneity apart");
}

// Notes the bad rows (count, reasons, examples) and warns when there are any.
void note_bad_rows(Context& ctx, const BadRows& bad, int64_t rows) {
    ctx.note("bad_rows", bad.total());
    if (bad.total() == 0) return;
    ctx.note("bad_row_reasons", bad.to_json());
    ctx.note("bad_row_examples", bad.examples);
    ctx.warn(std::string(kOp) + ": " + std::to_string(bad.total()) + " of " + std::to_string(rows) +
             " rows skipped: " + bad.to_json().dump());
}

Outputs run_bgnbd(Context& ctx, const Inputs& inputs, const Params& params) {
    const Table& table = inputs.table("transactions");
    TransactionColumns columns{params.text("user"), params.text("time"), params.text("amount")};
    if (!columns.amount.empty() && !table.has(columns.amount)) {
        ctx.warn(std::string(kOp) + ": no amount column '" + columns.amount +
                 "': no spend model (expected_spend and clv are empty)");
        columns.amount.clear();
    }
    BadRows bad;
    const Transactions transactions = read_transactions(table, columns, bad_row_policy(params.text("bad_rows")), kOp, bad);
    note_bad_rows(ctx, bad, table.rows());
    if (transactions.user.empty())
        throw Error(std::string(kOp) + ": the transactions table has no usable rows (rows: " +
                    std::to_string(table.rows()) + ", bad: " + std::to_string(bad.total()) + ")");

    const Periods periods = periods_from(params, transactions);
    const bool has_holdout = periods.holdout_end_day > periods.calibration_end_day;
    const double horizon = horizon_from(params, periods);
    const CustomerSummary summary = summarize_customers(transactions, periods);
    if (summary.user.empty())
        throw Error(std::string(kOp) + ": no customer made a first purchase on or before calibration_end " +
                    params.text("calibration_end"));
    ctx.progress(0.1, std::to_string(summary.user.size()) + " customers; fitting BG/NBD");

    const BgNbdFit bg = fit_bgnbd(summary.rfm);
    warn_about_fit(ctx, bg);
    ctx.check_cancelled();
    ctx.progress(0.4, "fitting Gamma-Gamma");
    int64_t zero_spend = 0;
    const SpendData spend = transactions.has_amount ? spend_data(summary, zero_spend) : SpendData{};
    GammaGammaFit gg;
    const bool has_spend_model = spend.size() > 0;
    if (has_spend_model) gg = fit_gamma_gamma(spend);
    else if (transactions.has_amount) ctx.warn(std::string(kOp) + ": no customer has repeat purchases with a positive value: no spend model");
    if (zero_spend > 0)
        ctx.warn(std::string(kOp) + ": " + std::to_string(zero_spend) +
                 " customers with repeat purchases of total value 0 were left out of the Gamma-Gamma fit");

    std::map<std::string, int64_t> methods;
    Table customers = customers_table(summary, bg.params, has_spend_model ? &gg.params : nullptr, has_holdout, horizon,
                                      params.number("discount"), ctx, methods);
    int64_t repeaters = 0, calibration_repeats = 0, holdout_repeats = 0;
    for (size_t i = 0; i < summary.user.size(); ++i) {
        repeaters += summary.rfm.x[i] > 0;
        calibration_repeats += summary.rfm.x[i];
        holdout_repeats += summary.holdout_purchases[i];
    }
    Json meta{{"bgnbd", bgnbd_json(bg)},
              {"gamma_gamma", has_spend_model ? gamma_gamma_json(gg, spend.size()) : Json(nullptr)},
              {"customers", summary.user.size()},
              {"repeat_customers", repeaters},
              {"calibration_repeat_purchases", calibration_repeats},
              {"holdout_repeat_purchases", has_holdout ? Json(holdout_repeats) : Json(nullptr)},
              {"calibration_end", iso_date(periods.calibration_end_day)},
              {"holdout_end", has_holdout ? Json(iso_date(periods.holdout_end_day)) : Json(nullptr)},
              {"unit", params.text("unit")},
              {"horizon", horizon},
              {"merge_same_day", periods.merge_same_day},
              {"discount", params.number("discount")}};
    ctx.note("bgnbd", meta["bgnbd"]);
    if (has_spend_model) ctx.note("gamma_gamma", meta["gamma_gamma"]);
    ctx.note("customers", summary.user.size());
    ctx.note("customers_after_calibration", summary.customers_after_calibration);
    ctx.note("rows_merged_same_day", summary.rows_merged);
    ctx.note("expectation_methods", Json(methods));
    if (summary.purchases_after_holdout > 0) ctx.note("purchases_after_holdout", summary.purchases_after_holdout);
    if (zero_spend > 0) ctx.note("spend_fit_left_out", zero_spend);

    Model model;
    model.format = "bgnbd";
    model.metadata = meta;
    model.bytes = Json{{"bgnbd", meta["bgnbd"]}, {"gamma_gamma", meta["gamma_gamma"]}}.dump();
    ctx.progress(1.0, std::to_string(summary.user.size()) + " customers");
    return {{"model", make_artifact(std::move(model))}, {"customers", make_artifact(std::move(customers))}};
}

}  // namespace

void register_bgnbd(Registry& registry) {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.2.0";
    spec.doc = "BG/NBD purchase model and Gamma-Gamma spend model: expected purchases, P(alive), spend and CLV per customer";
    spec.input("transactions", Kind::Table, "one row per purchase: user, time (unix seconds), optional amount");
    spec.output("model", Kind::Model, "format 'bgnbd': fitted parameters, log-likelihoods and counts (metadata JSON)");
    spec.output("customers", Kind::Table,
                "per user: x, t_x, T, holdout_purchases, holdout_spend, expected_purchases, p_alive, avg_spend, "
                "expected_spend, clv, naive_purchases");
    spec.param("user", ParamType::String, "user", "user id column (int64)");
    spec.param("time", ParamType::String, "ts", "purchase time column (int64 unix seconds)");
    spec.param("amount", ParamType::String, "amount",
               "purchase value column (numeric); absent or \"\" = no spend model");
    spec.param("calibration_end", ParamType::String, nullptr,
               "last day of the calibration period, YYYY-MM-DD; later purchases are the holdout");
    spec.param("holdout_end", ParamType::String, "", "last day of the holdout, YYYY-MM-DD; \"\" = day of the last event");
    spec.param("unit", ParamType::String, "weeks", "time unit of t_x, T, alpha and horizon").one_of({"weeks", "days"});
    spec.param("merge_same_day", ParamType::Bool, true, "a customer's purchases on one UTC day count as one");
    spec.param("horizon", ParamType::Float, 0.0, "forecast length in units; 0 = the holdout length").at_least(0);
    spec.param("discount", ParamType::Float, 0.0, "discount rate per unit for clv (0 = none)").range(0, 10);
    spec.param("bad_rows", ParamType::String, "skip",
               "rows without user or date, or with a missing or negative amount: skip and count them, or fail")
        .one_of({"skip", "fail"});
    registry.add_operator(std::move(spec), run_bgnbd);
}

}  // namespace persona::value
