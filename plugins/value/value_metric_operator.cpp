// metric.value: holdout purchases forecast by the model vs the naive rate baseline, overall and by frequency.
#include <cmath>
#include <string>
#include <vector>

#include "operators.h"
#include "persona/context.h"
#include "persona/error.h"
#include "transaction_rows.h"

namespace persona::value {

namespace {

constexpr const char* kOp = "metric.value";

// The columns metric.value reads, as doubles per customer.
struct Forecasts {
    std::vector<double> actual, model, naive;
    std::vector<int64_t> frequency;
};

// Errors of one forecast against the actual holdout purchases.
struct ForecastErrors {
    double abs_sum = 0, square_sum = 0, predicted = 0, actual = 0;
    void add(double predicted_value, double actual_value) {
        const double e = predicted_value - actual_value;
        abs_sum += std::fabs(e);
        square_sum += e * e;
        predicted += predicted_value;
        actual += actual_value;
    }
    Metrics::Row row(const std::string& label, double customers) const {
        Metrics::Row r;
        r.label = label;
        r.set("MAE", abs_sum / customers);
        r.set("RMSE", std::sqrt(square_sum / customers));
        r.set("predicted_total", predicted);
        r.set("actual_total", actual);
        r.set("relative_total_error", actual != 0 ? (predicted - actual) / actual : std::nan(""));
        r.set("customers", customers);
        return r;
    }
};

// Reads the four columns, keeping the customers where all are present; counts the others.
Forecasts read_forecasts(const Table& t, const Params& params, int64_t& bad) {
    const Column& actual = require_numeric_column(t, params.text("actual"), "actual", kOp);
    const Column& model = require_numeric_column(t, params.text("predicted"), "predicted", kOp);
    const Column& naive = require_numeric_column(t, params.text("naive"), "naive", kOp);
    const Column& frequency = require_int64_column(t, params.text("frequency"), "frequency", kOp);
    Forecasts f;
    for (int64_t r = 0; r < t.rows(); ++r) {
        const double a = actual.number(r), m = model.number(r), n = naive.number(r);
        const int64_t x = frequency.ints[r];
        if (std::isnan(a) || std::isnan(m) || std::isnan(n) || x == kNullInt || x < 0) {
            ++bad;
            continue;
        }
        f.actual.push_back(a);
        f.model.push_back(m);
        f.naive.push_back(n);
        f.frequency.push_back(x);
    }
    return f;
}

// Mean actual, model and naive purchases per calibration frequency 0 .. top-1 and "top+".
Table by_frequency(const Forecasts& f, int64_t top) {
    const size_t groups = static_cast<size_t>(top) + 1;
    std::vector<int64_t> customers(groups, 0);
    std::vector<double> actual(groups, 0), model(groups, 0), naive(groups, 0);
    for (size_t i = 0; i < f.actual.size(); ++i) {
        const size_t g = static_cast<size_t>(std::min(f.frequency[i], top));
        ++customers[g];
        actual[g] += f.actual[i];
        model[g] += f.model[i];
        naive[g] += f.naive[i];
    }
    std::vector<std::string> labels;
    for (size_t g = 0; g < groups; ++g) {
        labels.push_back(std::to_string(g) + (g + 1 == groups ? "+" : ""));
        const double n = static_cast<double>(customers[g]);
        actual[g] = n > 0 ? actual[g] / n : std::nan("");
        model[g] = n > 0 ? model[g] / n : std::nan("");
        naive[g] = n > 0 ? naive[g] / n : std::nan("");
    }
    Table t;
    t.add_string("frequency", labels);
    t.add_int64("customers", std::move(customers));
    t.add_float64("mean_actual", std::move(actual));
    t.add_float64("mean_predicted", std::move(model));
    t.add_float64("mean_naive", std::move(naive));
    return t;
}

Outputs run_value_metric(Context& ctx, const Inputs& inputs, const Params& params) {
    const Table& table = inputs.table("customers");
    int64_t bad = 0;
    const Forecasts f = read_forecasts(table, params, bad);
    ctx.note("bad_rows", bad);
    if (bad > 0)
        ctx.warn(std::string(kOp) + ": " + std::to_string(bad) + " of " + std::to_string(table.rows()) +
                 " customers have a missing actual, forecast or frequency and were not scored");
    if (f.actual.empty())
        throw Error(std::string(kOp) + ": no customer to score (rows: " + std::to_string(table.rows()) +
                    "); the customers table needs a holdout (set holdout_end after calibration_end in model.bgnbd)");
    ForecastErrors model, naive;
    for (size_t i = 0; i < f.actual.size(); ++i) {
        model.add(f.model[i], f.actual[i]);
        naive.add(f.naive[i], f.actual[i]);
    }
    const double customers = static_cast<double>(f.actual.size());
    Metrics metrics;
    metrics.rows.push_back(model.row("model", customers));
    metrics.rows.push_back(naive.row("naive", customers));
    return {{"metrics", make_artifact(std::move(metrics))},
            {"by_frequency", make_artifact(by_frequency(f, params.integer("top_frequency")))}};
}

}  // namespace

void register_value_metric(Registry& registry) {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.1.0";
    spec.doc = "Holdout purchase forecasts: MAE, RMSE and totals of the model vs the naive rate baseline, by frequency";
    spec.input("customers", Kind::Table, "per customer: actual and forecast holdout purchases, calibration frequency");
    spec.output("metrics", Kind::Metrics,
                "rows model and naive: MAE, RMSE, predicted_total, actual_total, relative_total_error, customers");
    spec.output("by_frequency", Kind::Table,
                "per calibration frequency 0 .. top_frequency-1 and top_frequency+: customers, mean_actual, "
                "mean_predicted, mean_naive");
    spec.param("actual", ParamType::String, "holdout_purchases", "actual holdout purchases column");
    spec.param("predicted", ParamType::String, "expected_purchases", "the model's forecast column");
    spec.param("naive", ParamType::String, "naive_purchases", "the baseline forecast column");
    spec.param("frequency", ParamType::String, "x", "calibration repeat purchases column (int64)");
    spec.param("top_frequency", ParamType::Int, 7, "frequencies from this one up share the last group").range(1, 1000);
    registry.add_operator(std::move(spec), run_value_metric);
}

}  // namespace persona::value
