// model.bgnbd through the plugin: the customers table, the model metadata, bad rows, params and errors.
#include <catch2/catch.hpp>
#include <cmath>

#include "value_test_support.h"

using persona::Json;
using persona::Table;
using persona::testing::run_step;
using persona::testing::table_input;

namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kJan1 = 19723 * kDay;  // 2024-01-01 (54 x 365 + 13 leap days since 1970-01-01)

// Purchases of `n` simulated customers (weeks; BG/NBD r 0.5, alpha 5, a 0.7, b 3; spend Gamma-Gamma 6, 4, 15):
// first purchases over the first 12 weeks of 2024, followed to 2024-12-31 (day 365).
Table simulated_purchases(int n, uint64_t seed) {
    persona::testing::Sampler s(seed);
    std::vector<int64_t> users, ts;
    std::vector<double> amounts;
    for (int u = 0; u < n; ++u) {
        const int64_t first_day = static_cast<int64_t>(s.uniform() * 84);
        const auto c = persona::testing::simulate_bgnbd_customer(s, {0.5, 5.0, 0.7, 3.0}, (365.0 - first_day) / 7);
        const double nu = s.gamma(4.0, 15.0);
        for (double weeks : c.times) {
            users.push_back(1000 + u);
            ts.push_back(kJan1 + first_day * kDay + static_cast<int64_t>(weeks * 7 * kDay));
            amounts.push_back(std::round(s.gamma(6.0, nu) * 100) / 100);
        }
    }
    Table t;
    t.add_int64("customer", std::move(users));
    t.add_int64("when", std::move(ts));
    t.add_float64("value", std::move(amounts));
    return t;
}

Json params(Json extra = Json::object()) {
    Json p{{"user", "customer"}, {"time", "when"}, {"amount", "value"}, {"calibration_end", "2024-06-30"}};
    for (auto& [k, v] : extra.items()) p[k] = v;
    return p;
}

persona::testing::StepRun run_bgnbd(Table t, Json p) {
    return run_step("persona_value", "model.bgnbd", table_input("transactions", std::move(t)), p);
}

std::string error_of(Table t, Json p) {
    try {
        run_bgnbd(std::move(t), p);
    } catch (const std::exception& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("model.bgnbd: customers table and model on simulated purchases", "[bgnbd_op]") {
    const auto run = run_bgnbd(simulated_purchases(600, 3), params());
    const Table& c = run.table("customers");
    REQUIRE(c.rows() == 600);
    std::vector<std::string> names;
    for (const auto& col : c.columns()) names.push_back(col.name);
    CHECK(names == std::vector<std::string>{"user", "x", "t_x", "T", "holdout_purchases", "holdout_spend",
                                            "expected_purchases", "p_alive", "avg_spend", "expected_spend", "clv",
                                            "naive_purchases"});
    const auto& meta = run.outputs.at("model")->model().metadata;
    // Holdout 2024-07-01 .. 2024-12-31 (last event at most day 365): horizon = (365 - 181) / 7 weeks, or less
    // when the last purchase is earlier.
    const double horizon = meta.at("horizon").get<double>();
    CHECK(horizon <= 184.0 / 7);
    CHECK(horizon > 170.0 / 7);
    CHECK(meta.at("calibration_end") == "2024-06-30");
    const double population_mean = meta.at("gamma_gamma").at("population_mean").get<double>();
    int64_t holdout_total = 0;
    for (int64_t i = 0; i < c.rows(); ++i) {
        const double x = c.column("x").number(i), T = c.column("T").number(i);
        CHECK(c.column("user").ints[i] == 1000 + i);  // sorted by user
        CHECK(c.column("t_x").floats[i] <= T);
        CHECK(c.column("naive_purchases").floats[i] == Approx(x / T * horizon));
        CHECK(c.column("clv").floats[i] ==
              Approx(c.column("expected_purchases").floats[i] * c.column("expected_spend").floats[i]));
        const double p_alive = c.column("p_alive").floats[i];
        CHECK((p_alive > 0 && p_alive <= 1));
        if (x == 0) CHECK(c.column("expected_spend").floats[i] == Approx(population_mean));
        holdout_total += c.column("holdout_purchases").ints[i];
    }
    CHECK(meta.at("holdout_repeat_purchases") == holdout_total);
    CHECK(meta.at("customers") == 600);
    CHECK(run.notes.at("bad_rows") == 0);
    CHECK(run.notes.at("bgnbd").at("converged") == true);
    const double a = run.notes.at("bgnbd").at("a").get<double>(), b = run.notes.at("bgnbd").at("b").get<double>();
    CHECK(run.notes.at("bgnbd").at("dropout_mean").get<double>() == Approx(a / (a + b)).epsilon(1e-15));
    // Every customer's E[Y | alive] came from one of the methods (see AliveMeanMethod), counted in a note.
    int64_t counted = 0;
    for (const auto& [method, count] : run.notes.at("expectation_methods").items()) {
        CHECK((method == "moment_series" || method == "euler_series" || method == "quadrature"));
        counted += count.get<int64_t>();
    }
    CHECK(counted == 600);
    // 600 customers: the purchase rate r / alpha (truth 0.1 per week) within 25%.
    const auto& bg = meta.at("bgnbd");
    CHECK(bg.at("r").get<double>() / bg.at("alpha").get<double>() == Approx(0.1).epsilon(0.25));
}

TEST_CASE("model.bgnbd: customers who never drop out give the NBD limit, with a warning", "[bgnbd_op]") {
    // 200 customers who buy like clockwork, every 3 .. 30 days from their first day (0 .. 19) to the end of 2024:
    // every repeat customer bought close to 2024-06-30, which BG/NBD explains best with no dropout at all
    // (a / (a + b) -> 0; the fit ends near 1e-15). The forecast is then the NBD's (r + x) t / (alpha + T) and
    // P(alive) ~ 1.
    std::vector<int64_t> users, ts;
    std::vector<double> values;
    for (int u = 0; u < 200; ++u) {
        for (int64_t day = u % 20; day < 366; day += 3 + u % 28) {
            users.push_back(u);
            ts.push_back(kJan1 + day * kDay);
            values.push_back(10.0 + u % 7);
        }
    }
    Table t;
    t.add_int64("customer", std::move(users));
    t.add_int64("when", std::move(ts));
    t.add_float64("value", std::move(values));
    const auto run = run_bgnbd(t, params());
    const Json& bg = run.notes.at("bgnbd");
    CHECK(bg.at("dropout_mean").get<double>() < 1e-6);
    CHECK(run.notes.at("expectation_methods") == Json{{"moment_series", 200}});
    REQUIRE(run.warnings.size() >= 1);
    CHECK_THAT(run.warnings[0], Catch::Contains("never drop out") && Catch::Contains("reduced to the NBD"));
    const double r = bg.at("r").get<double>(), alpha = bg.at("alpha").get<double>();
    const double horizon = run.outputs.at("model")->model().metadata.at("horizon").get<double>();
    const Table& c = run.table("customers");
    for (int64_t i = 0; i < c.rows(); ++i) {
        const double x = c.column("x").number(i), T = c.column("T").number(i);
        CHECK(c.column("expected_purchases").floats[i] == Approx((r + x) * horizon / (alpha + T)).epsilon(1e-6));
        CHECK(c.column("p_alive").floats[i] == Approx(1).epsilon(1e-6));
    }
}

TEST_CASE("model.bgnbd: bad rows are skipped and counted, or fail by policy", "[bgnbd_op]") {
    Table t = simulated_purchases(200, 5);
    Table bad;
    bad.add_int64("customer", {1, persona::kNullInt, 2, 3});
    bad.add_int64("when", {kJan1, kJan1, persona::kNullInt, kJan1});
    bad.add_float64("value", {-5.0, 1.0, 1.0, std::nan("")});
    std::vector<int64_t> users = bad.column("customer").ints, ts = bad.column("when").ints;
    std::vector<double> values = bad.column("value").floats;
    for (int64_t r = 0; r < t.rows(); ++r) {
        users.push_back(t.column("customer").ints[r]);
        ts.push_back(t.column("when").ints[r]);
        values.push_back(t.column("value").floats[r]);
    }
    Table mixed;
    mixed.add_int64("customer", users);
    mixed.add_int64("when", ts);
    mixed.add_float64("value", values);
    const auto run = run_bgnbd(mixed, params());
    CHECK(run.notes.at("bad_rows") == 4);
    CHECK(run.notes.at("bad_row_reasons") ==
          Json{{"no_user", 1}, {"no_date", 1}, {"missing_amount", 1}, {"negative_amount", 1}});
    CHECK(run.notes.at("bad_row_examples") == Json{0, 1, 2, 3});
    CHECK(run.table("customers").rows() == 200);
    CHECK_THAT(error_of(mixed, params({{"bad_rows", "fail"}})), Catch::Contains("row 0") && Catch::Contains("negative amount"));
}

TEST_CASE("model.bgnbd: without an amount column there is no spend model", "[bgnbd_op]") {
    Table t = simulated_purchases(200, 8);
    t.drop("value");
    const auto run = run_bgnbd(t, params({{"amount", "value"}}));
    const Table& c = run.table("customers");
    CHECK(std::isnan(c.column("clv").floats[0]));
    CHECK(std::isnan(c.column("expected_spend").floats[0]));
    CHECK(run.outputs.at("model")->model().metadata.at("gamma_gamma").is_null());
    CHECK(c.column("expected_purchases").floats[0] > 0);
}

TEST_CASE("model.bgnbd: horizon, discount, days and merge_same_day params", "[bgnbd_op]") {
    const Table t = simulated_purchases(300, 11);
    const auto weeks = run_bgnbd(t, params({{"horizon", 52}}));
    const auto discounted = run_bgnbd(t, params({{"horizon", 52}, {"discount", 0.01}}));
    const auto days = run_bgnbd(t, params({{"horizon", 364}, {"unit", "days"}}));
    const Table& w = weeks.table("customers");
    for (int64_t i = 0; i < w.rows(); i += 37) {
        CHECK(discounted.table("customers").column("clv").floats[i] < w.column("clv").floats[i]);
        // The same model in days: T and t_x x 7, alpha x 7, and the same 52-week forecast.
        CHECK(days.table("customers").column("T").floats[i] == Approx(7 * w.column("T").floats[i]));
        CHECK(days.table("customers").column("expected_purchases").floats[i] ==
              Approx(w.column("expected_purchases").floats[i]).epsilon(1e-4));
    }
    CHECK(days.outputs.at("model")->model().metadata.at("bgnbd").at("alpha").get<double>() ==
          Approx(7 * weeks.outputs.at("model")->model().metadata.at("bgnbd").at("alpha").get<double>()).epsilon(1e-4));
    // Simulated purchases are at distinct times, some on the same day: merging can only lower x.
    const auto exact = run_bgnbd(t, params({{"merge_same_day", false}}));
    int64_t merged = 0, unmerged = 0;
    for (int64_t i = 0; i < w.rows(); ++i) {
        merged += weeks.table("customers").column("x").ints[i];
        unmerged += exact.table("customers").column("x").ints[i];
    }
    CHECK(merged + weeks.notes.at("rows_merged_same_day").get<int64_t>() >= unmerged);
    CHECK(merged <= unmerged);
}

TEST_CASE("model.bgnbd: errors name the param or column and what was expected", "[bgnbd_op]") {
    const Table t = simulated_purchases(50, 13);
    CHECK_THAT(error_of(t, params({{"calibration_end", "2024/06/30"}})),
               Catch::Contains("calibration_end") && Catch::Contains("YYYY-MM-DD"));
    CHECK_THAT(error_of(t, params({{"time", "value"}})), Catch::Contains("time column 'value' must be int64"));
    CHECK_THAT(error_of(t, params({{"user", "who"}})), Catch::Contains("user column 'who'"));
    CHECK_THAT(error_of(t, params({{"holdout_end", "2024-01-31"}})), Catch::Contains("before calibration_end"));
    CHECK_THAT(error_of(t, params({{"calibration_end", "2025-06-30"}})), Catch::Contains("set 'horizon'"));
    CHECK_THAT(error_of(t, params({{"calibration_end", "2023-06-30"}})), Catch::Contains("no customer"));
    // No holdout but a horizon: no holdout columns.
    const auto run = run_bgnbd(t, params({{"calibration_end", "2025-06-30"}, {"horizon", 10}}));
    CHECK_FALSE(run.table("customers").has("holdout_purchases"));
}
