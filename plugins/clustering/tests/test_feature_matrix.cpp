// Tests of the feature preparation: column choice, vector expansion, log1p, mean imputation, z-scores, errors.
#include <catch2/catch.hpp>

#include <cmath>

#include "feature_matrix.h"
#include "persona/error.h"

using persona::Table;
using persona::clustering::build_feature_matrix;
using persona::clustering::FeatureOptions;

namespace {

const std::string kOp = "model.kmeans";
const double kNaN = std::nan("");

FeatureOptions options(std::vector<std::string> features = {}, std::vector<std::string> log1p = {},
                       bool standardize = true) {
    FeatureOptions o;
    o.features = std::move(features);
    o.log1p = std::move(log1p);
    o.standardize = standardize;
    return o;
}

}  // namespace

TEST_CASE("features [] takes every int64/float64 column but the id, and z-scores them", "[features]") {
    Table t;
    t.add_int64("user", {7, 8, 9, 10});
    t.add_int64("orders", {1, 2, 3, 4});
    t.add_string("country", {"a", "b", "a", "b"});
    t.add_float64("spend", {5, 5, 5, 5});
    auto fm = build_feature_matrix(t, options(), kOp);
    CHECK(fm.names == std::vector<std::string>{"orders", "spend"});
    CHECK(fm.ids == std::vector<int64_t>{7, 8, 9, 10});
    // orders: mean 2.5; population variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25, std 1.1180340;
    // z(1) = -1.5 / 1.1180340 = -1.3416408, z(3) = 0.5 / 1.1180340 = 0.4472136.
    CHECK(fm.means[0] == Approx(2.5));
    CHECK(fm.stds[0] == Approx(1.1180340));
    CHECK(fm.values(0, 0) == Approx(-1.3416408));
    CHECK(fm.values(2, 0) == Approx(0.4472136));
    CHECK(fm.original(3, 0) == 4.0);
    // spend is constant: scale 1, every z is 0, and it is reported.
    CHECK(fm.stds[1] == 1.0);
    CHECK(fm.values.col(1).cwiseAbs().maxCoeff() == 0.0);
    CHECK(fm.constant_features == std::vector<std::string>{"spend"});
}

TEST_CASE("standardize false keeps the (log1p) values as they are", "[features]") {
    Table t;
    t.add_int64("user", {1, 2, 3});
    t.add_float64("monetary", {0.0, std::exp(1.0) - 1, std::exp(2.0) - 1});
    auto raw = build_feature_matrix(t, options({"monetary"}, {"monetary"}, false), kOp);
    // log1p gives 0, 1, 2: mean 1, population std sqrt(2/3) = 0.8164966.
    CHECK(raw.values(1, 0) == Approx(1.0));
    CHECK(raw.values(2, 0) == Approx(2.0));
    CHECK(raw.means[0] == Approx(1.0));
    CHECK(raw.stds[0] == Approx(0.8164966));
    CHECK(raw.original(2, 0) == Approx(std::exp(2.0) - 1));
    auto z = build_feature_matrix(t, options({"monetary"}, {"monetary"}, true), kOp);
    CHECK(z.values(0, 0) == Approx(-1.0 / 0.8164966));
    CHECK(z.values(1, 0) == Approx(0.0).margin(1e-12));
}

TEST_CASE("missing cells take the column mean and are counted", "[features]") {
    Table t;
    t.add_int64("user", {1, 2, 3, 4});
    t.add_float64("spend", {1.0, kNaN, 3.0, 5.0});          // mean of present 3
    t.add_int64("visits", {2, 4, persona::kNullInt, persona::kNullInt});  // mean of present 3
    t.add_float64("gift", {-2.0, 0.0, 1.0, INFINITY});       // infinite = missing; log1p(-2) out of domain
    auto fm = build_feature_matrix(t, options({"spend", "visits", "gift"}, {"gift"}, false), kOp);
    CHECK(fm.original(1, 0) == 3.0);
    CHECK(fm.original(2, 1) == 3.0);
    CHECK(fm.original(3, 1) == 3.0);
    // gift on the log1p scale: row 0 out of domain, row 3 infinite -> both take the mean of log1p(0), log1p(1)
    // = ln 2 / 2; row 0 keeps its original value -2, row 3 takes the original mean (0 + 1 - 2) / 3 = -1/3.
    CHECK(fm.values(0, 2) == Approx(std::log(2.0) / 2));
    CHECK(fm.values(3, 2) == Approx(std::log(2.0) / 2));
    CHECK(fm.original(0, 2) == -2.0);
    CHECK(fm.original(3, 2) == Approx(-1.0 / 3));
    CHECK(fm.missing_cells == 5);       // spend 1, visits 2, gift 2
    CHECK(fm.rows_with_missing == 4);   // rows 1, 2, 3 and row 0 (gift out of domain)
    CHECK(fm.log1p_out_of_domain == 1);
}

TEST_CASE("float32 vector columns expand into one feature per component", "[features]") {
    Table t;
    t.add_int64("user", {1, 2});
    t.add_vector("emb", 2, {1.0f, 2.0f, 3.0f, std::nanf("")});
    t.add_float64("spend", {1.0, 2.0});
    auto fm = build_feature_matrix(t, options({"emb", "spend"}, {}, false), kOp);
    CHECK(fm.names == std::vector<std::string>{"emb[0]", "emb[1]", "spend"});
    CHECK(fm.values(1, 0) == 3.0);
    CHECK(fm.values(1, 1) == 2.0);  // the NaN component takes its column's mean
    CHECK(fm.missing_cells == 1);
}

TEST_CASE("feature errors name the operator, the column and what was expected", "[features]") {
    Table t;
    t.add_int64("user", {1, 2});
    t.add_string("country", {"a", "b"});
    t.add_float64("spend", {1.0, 2.0});
    t.add_float64("empty", {kNaN, kNaN});
    using Catch::Contains;
    CHECK_THROWS_WITH(build_feature_matrix(t, options({"spend", "nope"}), kOp),
                      Contains("model.kmeans") && Contains("'nope'") && Contains("spend (float64)"));
    CHECK_THROWS_WITH(build_feature_matrix(t, options({"country"}), kOp), Contains("'country' is string"));
    CHECK_THROWS_WITH(build_feature_matrix(t, options({"spend"}, {"country"}), kOp),
                      Contains("'log1p'") && Contains("not one of the features"));
    CHECK_THROWS_WITH(build_feature_matrix(t, options({"spend", "user"}), kOp), Contains("the id column"));
    CHECK_THROWS_WITH(build_feature_matrix(t, options({"spend", "spend"}), kOp), Contains("twice"));
    CHECK_THROWS_WITH(build_feature_matrix(t, options({"empty"}), kOp), Contains("'empty' has no usable value"));
    FeatureOptions other_id = options({"spend"});
    other_id.id = "customer";
    CHECK_THROWS_WITH(build_feature_matrix(t, other_id, kOp), Contains("id (param 'id') column 'customer'"));
    other_id.id = "spend";
    other_id.features = {"empty"};
    CHECK_THROWS_WITH(build_feature_matrix(t, other_id, kOp), Contains("expected int64"));
    Table only_id;
    only_id.add_int64("user", {1});
    only_id.add_string("name", {"x"});
    CHECK_THROWS_WITH(build_feature_matrix(only_id, options(), kOp), Contains("no int64/float64 column"));
    Table no_rows;
    no_rows.add_int64("user", {});
    no_rows.add_float64("spend", {});
    CHECK_THROWS_WITH(build_feature_matrix(no_rows, options(), kOp), Contains("no rows"));
}
