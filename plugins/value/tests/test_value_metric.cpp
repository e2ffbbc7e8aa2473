// metric.value on a hand-made customers table.
#include <catch2/catch.hpp>
#include <cmath>

#include "value_test_support.h"

using persona::Json;
using persona::Table;
using persona::testing::run_step;
using persona::testing::table_input;

namespace {

Table customers(std::vector<double> actual) {
    Table t;
    t.add_int64("user", {1, 2, 3, 4});
    t.add_int64("x", {0, 1, 8, 1});
    t.add_float64("holdout_purchases", std::move(actual));
    t.add_float64("expected_purchases", {0.5, 1.5, 4, 1});
    t.add_float64("naive_purchases", {0, 3, 2, 1});
    return t;
}

double value_of(const persona::Metrics::Row& row, const std::string& name) {
    for (const auto& [k, v] : row.values)
        if (k == name) return std::get<double>(v);
    FAIL("no metric " << name);
    return 0;
}

}  // namespace

TEST_CASE("metric.value: MAE, RMSE and totals of model and naive, by hand", "[value_metric]") {
    // Customers 1-3 (customer 4 has no actual value: a bad row). Actual 0, 2, 5.
    // model 0.5, 1.5, 4: errors 0.5, -0.5, -1 -> MAE 2/3, RMSE sqrt(1.5 / 3), total 6 vs 7, relative -1/7.
    // naive 0, 3, 2:     errors 0, 1, -3     -> MAE 4/3, RMSE sqrt(10 / 3), total 5 vs 7, relative -2/7.
    const auto run = run_step("persona_value", "metric.value", table_input("customers", customers({0, 2, 5, NAN})),
                              Json::object());
    const auto& m = run.outputs.at("metrics")->metrics();
    REQUIRE(m.rows.size() == 2);
    CHECK(m.rows[0].label == "model");
    CHECK(value_of(m.rows[0], "MAE") == Approx(2.0 / 3));
    CHECK(value_of(m.rows[0], "RMSE") == Approx(std::sqrt(0.5)));
    CHECK(value_of(m.rows[0], "predicted_total") == 6);
    CHECK(value_of(m.rows[0], "actual_total") == 7);
    CHECK(value_of(m.rows[0], "relative_total_error") == Approx(-1.0 / 7));
    CHECK(value_of(m.rows[0], "customers") == 3);
    CHECK(m.rows[1].label == "naive");
    CHECK(value_of(m.rows[1], "MAE") == Approx(4.0 / 3));
    CHECK(value_of(m.rows[1], "RMSE") == Approx(std::sqrt(10.0 / 3)));
    CHECK(value_of(m.rows[1], "relative_total_error") == Approx(-2.0 / 7));
    CHECK(run.notes.at("bad_rows") == 1);

    // by_frequency: x = 0 -> customer 1; x = 1 -> customer 2; x = 8 -> "7+" customer 3; the rest empty.
    const Table& f = run.table("by_frequency");
    REQUIRE(f.rows() == 8);
    CHECK(f.column("frequency").text(0) == "0");
    CHECK(f.column("frequency").text(7) == "7+");
    CHECK(f.column("customers").ints == std::vector<int64_t>{1, 1, 0, 0, 0, 0, 0, 1});
    CHECK(f.column("mean_actual").floats[7] == 5);
    CHECK(f.column("mean_predicted").floats[1] == 1.5);
    CHECK(f.column("mean_naive").floats[7] == 2);
    CHECK(std::isnan(f.column("mean_actual").floats[3]));
}

TEST_CASE("metric.value: top_frequency groups the long tail; errors name the missing column", "[value_metric]") {
    const auto run = run_step("persona_value", "metric.value", table_input("customers", customers({0, 2, 5, 1})),
                              Json{{"top_frequency", 1}});
    const Table& f = run.table("by_frequency");
    REQUIRE(f.rows() == 2);  // "0" and "1+"
    CHECK(f.column("customers").ints == std::vector<int64_t>{1, 3});
    CHECK(f.column("mean_actual").floats[1] == Approx(8.0 / 3));
    Table no_holdout = customers({0, 2, 5, 1});
    no_holdout.drop("holdout_purchases");
    CHECK_THROWS_WITH(run_step("persona_value", "metric.value", table_input("customers", no_holdout), Json::object()),
                      Catch::Contains("actual column 'holdout_purchases'"));
}
