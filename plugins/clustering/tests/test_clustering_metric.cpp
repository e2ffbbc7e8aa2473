// Tests of metric.clustering: quality per model, noise share, the segments table and its descriptions, errors.
#include <catch2/catch.hpp>

#include <cmath>

#include "persona/persona.h"
#include "plugin_test.h"

using persona::Json;
using persona::Table;
using persona::testing::registry_with;

namespace {

// Users 1..6: monetary 10 20 30 110 120 130, recency 50 40 60 5 10 15, tenure 1 2 3 1 2 3.
// monetary: mean 70, population std sqrt(15400 / 6) = 50.66228; recency: mean 30, std sqrt(2650 / 6) = 21.01587;
// tenure: mean 2, both halves have mean 2 -> z 0.
Table customers() {
    Table t;
    t.add_int64("user", {1, 2, 3, 4, 5, 6});
    t.add_float64("monetary", {10, 20, 30, 110, 120, 130});
    t.add_float64("recency", {50, 40, 60, 5, 10, 15});
    t.add_int64("tenure", {1, 2, 3, 1, 2, 3});
    return t;
}

Table assignments(std::vector<int64_t> users, std::vector<int64_t> segments) {
    Table t;
    t.add_int64("user", std::move(users));
    t.add_int64("cluster", std::move(segments));
    return t;
}

persona::Outputs evaluate(Table features, std::vector<std::pair<std::string, Table>> models, Json params = Json::object(),
                          uint64_t seed = 1, const Table* truth = nullptr) {
    persona::Inputs in;
    in.ports["features"].push_back({"users", persona::make_artifact(std::move(features))});
    if (truth) in.ports["truth"].push_back({"truth", persona::make_artifact(*truth)});
    for (auto& [label, table] : models) in.ports["assignments"].push_back({label, persona::make_artifact(std::move(table))});
    persona::kernel::InvokeOptions options;
    options.seed = seed;
    return persona::kernel::invoke(registry_with("persona_clustering"), "metric.clustering", in, params, options);
}

double value(const persona::Metrics::Row& row, const std::string& name) {
    for (const auto& [key, v] : row.values)
        if (key == name) return std::get<double>(v);
    FAIL("metric " << name << " is missing");
    return 0;
}

bool has_value(const persona::Metrics::Row& row, const std::string& name) {
    for (const auto& kv : row.values)
        if (kv.first == name) return true;
    return false;
}

}  // namespace

TEST_CASE("metric.clustering measures a known configuration by hand", "[metric]") {
    // One feature x = 0 1 4 5, segments {0 1} {4 5}, unscaled: silhouette 94/126, Davies-Bouldin 0.25.
    Table t;
    t.add_int64("user", {1, 2, 3, 4});
    t.add_float64("x", {0, 1, 4, 5});
    auto out = evaluate(t, {{"km", assignments({4, 3, 2, 1}, {1, 1, 0, 0})}}, Json{{"standardize", false}});
    const auto& row = out.at("metrics")->metrics().rows.at(0);
    CHECK(row.label == "km");
    CHECK(value(row, "silhouette") == Approx(94.0 / 126));
    CHECK(value(row, "davies_bouldin") == Approx(0.25));
    CHECK(value(row, "segments") == 2);
    CHECK(value(row, "noise_share") == 0);
    CHECK(value(row, "rows") == 4);
    // z-scoring one feature scales every distance alike: the silhouette and DB do not change.
    auto z = evaluate(t, {{"km", assignments({1, 2, 3, 4}, {0, 0, 1, 1})}});
    CHECK(value(z.at("metrics")->metrics().rows.at(0), "silhouette") == Approx(94.0 / 126));
    CHECK(value(z.at("metrics")->metrics().rows.at(0), "davies_bouldin") == Approx(0.25));
}

TEST_CASE("metric.clustering profiles and describes each segment of each model", "[metric]") {
    auto out = evaluate(customers(), {{"km", assignments({1, 2, 3, 4, 5, 6}, {0, 0, 0, 1, 1, 1})},
                                      {"db", assignments({1, 2, 3, 4, 5, 6, 99}, {0, 0, 0, -1, 1, 1, 1})}});
    const auto& rows = out.at("metrics")->metrics().rows;
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].label == "km");
    CHECK(rows[1].label == "db");
    CHECK(value(rows[1], "noise_share") == Approx(1.0 / 6));
    CHECK(value(rows[1], "rows") == 6);  // id 99 is not a customer: left out

    const Table& seg = out.at("segments")->table();
    REQUIRE(seg.rows() == 5);  // km: 0, 1; db: 0, 1, noise
    CHECK(seg.column("model").text(0) == "km");
    CHECK(seg.column("cluster").ints == std::vector<int64_t>{0, 1, 0, 1, -1});
    CHECK(seg.column("size").ints == std::vector<int64_t>{3, 3, 3, 2, 1});
    CHECK(seg.column("share").floats[0] == Approx(0.5));
    // km segment 1: monetary mean 120 vs 70 -> z = 50 / 50.66228 = 0.98693; recency 10 vs 30 -> -20 / 21.01587
    CHECK(seg.column("monetary_mean").floats[1] == Approx(120));
    CHECK(seg.column("monetary_overall").floats[1] == Approx(70));
    CHECK(seg.column("monetary_z").floats[1] == Approx(50 / 50.66228));
    CHECK(seg.column("recency_z").floats[1] == Approx(-20 / 21.01587));
    CHECK(seg.column("tenure_z").floats[1] == Approx(0).margin(1e-12));
    CHECK(seg.column("description").text(0) == "low monetary (-1.0 sd), high recency (+1.0 sd)");
    CHECK(seg.column("description").text(1) == "high monetary (+1.0 sd), low recency (-1.0 sd)");
    // db noise = user 4: monetary 110 (z 40 / 50.66 = 0.79), recency 5 (z -25 / 21.02 = -1.19), tenure 1 (z -1.22)
    CHECK(seg.column("description").text(4) ==
          "noise: low tenure (-1.2 sd), low recency (-1.2 sd), high monetary (+0.8 sd)");
}

TEST_CASE("metric.clustering z-scores log1p features on the log scale", "[metric]") {
    // spend 0, 0, e^2 - 1, e^2 - 1 -> log1p 0 0 2 2 (mean 1, std 1): segment {3, 4} has z +1 and mean
    // expm1(2) = e^2 - 1; the overall mean is expm1(1) = e - 1 (on the log scale, as the k-means centers).
    Table t;
    t.add_int64("user", {1, 2, 3, 4});
    const double big = std::exp(2.0) - 1;
    t.add_float64("spend", {0, 0, big, big});
    auto out = evaluate(t, {{"km", assignments({1, 2, 3, 4}, {0, 0, 1, 1})}}, Json{{"log1p", {"spend"}}});
    const Table& seg = out.at("segments")->table();
    CHECK(seg.column("spend_z").floats[1] == Approx(1.0));
    CHECK(seg.column("spend_mean").floats[1] == Approx(big));
    CHECK(seg.column("spend_overall").floats[1] == Approx(std::exp(1.0) - 1));
    CHECK(seg.column("spend_mean").floats[0] == Approx(0.0).margin(1e-12));
    // Without log1p the means are plain: overall (e^2 - 1) / 2.
    auto plain = evaluate(t, {{"km", assignments({1, 2, 3, 4}, {0, 0, 1, 1})}});
    CHECK(plain.at("segments")->table().column("spend_overall").floats[1] == Approx(big / 2));
}

TEST_CASE("metric.clustering samples the silhouette rows with the step seed", "[metric]") {
    Table t;
    std::vector<int64_t> users, segments;
    std::vector<double> x;
    for (int i = 0; i < 60; ++i) {
        users.push_back(i);
        segments.push_back(i % 3);
        x.push_back((i % 3) * 10 + (i * 7 % 11) * 0.3);
    }
    t.add_int64("user", users);
    t.add_float64("x", x);
    auto a = evaluate(t, {{"km", assignments(users, segments)}}, Json{{"sample", 20}}, 5);
    auto b = evaluate(t, {{"km", assignments(users, segments)}}, Json{{"sample", 20}}, 5);
    const auto& row = a.at("metrics")->metrics().rows.at(0);
    CHECK(value(row, "silhouette_rows") == 20);
    CHECK(value(row, "silhouette") == value(b.at("metrics")->metrics().rows.at(0), "silhouette"));
    auto all = evaluate(t, {{"km", assignments(users, segments)}}, Json{{"sample", 0}});
    CHECK(value(all.at("metrics")->metrics().rows.at(0), "silhouette_rows") == 60);
    CHECK(value(row, "silhouette") > 0.8);  // separated bands: 10 apart, at most 3 wide
}

TEST_CASE("metric.clustering leaves silhouette out with one segment", "[metric]") {
    auto out = evaluate(customers(), {{"one", assignments({1, 2, 3}, {0, 0, 0})}});
    const auto& row = out.at("metrics")->metrics().rows.at(0);
    CHECK(value(row, "segments") == 1);
    CHECK_FALSE(has_value(row, "silhouette"));
    CHECK_FALSE(has_value(row, "davies_bouldin"));
    CHECK(out.at("segments")->table().column("size").ints == std::vector<int64_t>{3});
}

TEST_CASE("metric.clustering errors name the model, the column and the param", "[metric]") {
    using Catch::Contains;
    Table no_segment;
    no_segment.add_int64("user", {1});
    no_segment.add_float64("cluster", {0.0});
    CHECK_THROWS_WITH(evaluate(customers(), {{"km", no_segment}}),
                      Contains("'km'") && Contains("int64 column 'cluster'") && Contains("float64"));
    CHECK_THROWS_WITH(evaluate(customers(), {{"km", assignments({7, 8}, {0, 1})}}), Contains("no id"));
    CHECK_THROWS_WITH(evaluate(customers(), {{"km", assignments({1, 1}, {0, 1})}}), Contains("id 1 twice"));
    Table dup = customers();
    dup.column("user").ints[1] = 1;
    CHECK_THROWS_WITH(evaluate(dup, {{"km", assignments({1}, {0})}}), Contains("features table has id 1 twice"));
    CHECK_THROWS_WITH(evaluate(customers(), {}), Contains("assignments"));
    CHECK_THROWS_WITH(evaluate(customers(), {{"km", assignments({1}, {0})}}, Json{{"features", {"age"}}}),
                      Contains("metric.clustering") && Contains("'age'"));
    CHECK_THROWS_WITH(evaluate(customers(), {{"km", assignments({1}, {0})}}, Json{{"sample", -1}}), Contains("sample"));
}

TEST_CASE("metric.clustering compares segments with known classes: adjusted Rand index and purity", "[metric]") {
    // Users 1..6 in segments 0 0 0 1 1 1 (noise: user 6 in the second model); true classes a a b b b b; user 7
    // has a class but no features. Contingency (first model): segment 0 = 2 a + 1 b, segment 1 = 3 b.
    // Pairs within cells 1 + 0 + 3 = 4; within segments 3 + 3 = 6; within classes 1 + 6 = 7; all pairs 15.
    // Expected 6 x 7 / 15 = 2.8, ARI = (4 - 2.8) / ((6 + 7) / 2 - 2.8) = 1.2 / 3.7; purity (2 + 3) / 6.
    Table truth;
    truth.add_int64("user", {1, 2, 3, 4, 5, 6, 7});
    truth.add_string("kind", {"a", "a", "b", "b", "b", "b", "a"});
    auto out = evaluate(customers(), {{"km", assignments({1, 2, 3, 4, 5, 6}, {0, 0, 0, 1, 1, 1})},
                                      {"exact", assignments({1, 2, 3, 4, 5, 6}, {4, 4, 2, 2, 2, 2})},
                                      {"noisy", assignments({1, 2, 3, 4, 5, 6}, {0, 0, 0, 1, 1, -1})}},
                        Json{{"truth_column", "kind"}}, 1, &truth);
    const auto& rows = out.at("metrics")->metrics().rows;
    CHECK(value(rows.at(0), "adjusted_rand") == Approx(1.2 / 3.7));
    CHECK(value(rows.at(0), "purity") == Approx(5.0 / 6));
    CHECK(value(rows.at(0), "truth_rows") == 6);
    CHECK(value(rows.at(1), "adjusted_rand") == Approx(1.0));  // the same partition under other numbers
    CHECK(value(rows.at(1), "purity") == Approx(1.0));
    // Noise is one more segment: {1 2 3} {4 5} {6}: cells 1 + 0 + 1 + 0 = 2; segments 3 + 1 = 4; classes 7;
    // expected 4 x 7 / 15 = 28 / 15; ARI = (2 - 28/15) / (5.5 - 28/15); purity (2 + 2 + 1) / 6.
    CHECK(value(rows.at(2), "adjusted_rand") == Approx((2 - 28.0 / 15) / (5.5 - 28.0 / 15)));
    CHECK(value(rows.at(2), "purity") == Approx(5.0 / 6));
    // Without truth there are no such scores; a truth_column without the input, or the reverse, is an error.
    CHECK_FALSE(has_value(evaluate(customers(), {{"km", assignments({1, 2}, {0, 1})}}).at("metrics")->metrics().rows.at(0),
                          "adjusted_rand"));
    using Catch::Contains;
    CHECK_THROWS_WITH(evaluate(customers(), {{"km", assignments({1}, {0})}}, Json{{"truth_column", "kind"}}),
                      Contains("'truth_column'") && Contains("not connected"));
    CHECK_THROWS_WITH(evaluate(customers(), {{"km", assignments({1}, {0})}}, Json::object(), 1, &truth),
                      Contains("'truth_column' must name"));
    CHECK_THROWS_WITH(evaluate(customers(), {{"km", assignments({1}, {0})}}, Json{{"truth_column", "sort"}}, 1, &truth),
                      Contains("class column 'sort'"));
    Table no_id = truth;
    no_id.drop("user");
    no_id.add_int64("customer", {1, 2, 3, 4, 5, 6, 7});
    CHECK_THROWS_WITH(evaluate(customers(), {{"km", assignments({1}, {0})}}, Json{{"truth_column", "kind"}}, 1, &no_id),
                      Contains("int64 id column 'user'") && Contains("param 'id'"));
}
