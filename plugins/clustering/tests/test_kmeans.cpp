// Tests of model.kmeans: separated blobs found exactly, determinism, the model's centers and scaling, errors.
#include <catch2/catch.hpp>

#include <cmath>

#include "kmeans.h"
#include "kmeans_model.h"
#include "persona/persona.h"
#include "plugin_test.h"

using persona::Json;
using persona::Table;
using persona::testing::registry_with;
using persona::testing::table_input;

namespace {

persona::Outputs run_kmeans(Table table, Json params, uint64_t seed = 1, int threads = 1) {
    persona::kernel::InvokeOptions options;
    options.seed = seed;
    options.threads = threads;
    return persona::kernel::invoke(registry_with("persona_clustering"), "model.kmeans",
                                   table_input("users", std::move(table)), params, options);
}

// Three blobs in 2-D of 4, 3 and 2 rows, interleaved in row order.
// A = (0,0) (1,0) (0,1) (1,1): center (0.5, 0.5), each row at squared distance 0.5 -> 2.0
// B = (10,10) (11,10) (10,11): center (31/3, 31/3), squared distances 2/9, 5/9, 5/9 -> 4/3
// C = (0,10) (1,11): center (0.5, 10.5), squared distances 0.5, 0.5 -> 1.0;   inertia 2 + 4/3 + 1 = 13/3
Table blobs() {
    Table t;
    t.add_int64("user", {1, 2, 3, 4, 5, 6, 7, 8, 9});
    t.add_float64("x", {0, 10, 0, 1, 11, 0, 1, 10, 1});
    t.add_float64("y", {0, 10, 10, 0, 10, 1, 11, 11, 1});
    return t;
}

// A fixed pseudo-random table (a 64-bit LCG), `rows` x 3 features.
Table scattered(int64_t rows) {
    uint64_t state = 12345;
    auto next = [&] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(state >> 11) * 0x1.0p-53;
    };
    std::vector<int64_t> ids;
    std::vector<double> a, b, c;
    for (int64_t r = 0; r < rows; ++r) {
        ids.push_back(100 + r);
        a.push_back(next() * 10);
        b.push_back(next() * next() * 1000);
        c.push_back(std::floor(next() * 5));
    }
    Table t;
    t.add_int64("user", ids);
    t.add_float64("a", a);
    t.add_float64("b", b);
    t.add_float64("c", c);
    return t;
}

}  // namespace

TEST_CASE("kmeans finds well separated blobs exactly, numbered by size", "[kmeans]") {
    auto out = run_kmeans(blobs(), Json{{"k", 3}, {"standardize", false}});
    const Table& a = out.at("assignments")->table();
    CHECK(a.column("user").ints == std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9});
    // segment 0 = A (4 rows), 1 = B (3 rows), 2 = C (2 rows)
    CHECK(a.column("cluster").ints == std::vector<int64_t>{0, 1, 2, 0, 1, 0, 2, 1, 0});
    CHECK(a.column("cluster_distance").floats[0] == Approx(std::sqrt(0.5)));
    CHECK(a.column("cluster_distance").floats[1] == Approx(std::sqrt(2.0 / 9)));

    const persona::Model& model = out.at("model")->model();
    CHECK(model.format == "kmeans");
    CHECK(model.metadata.at("inertia").get<double>() == Approx(13.0 / 3));
    CHECK(model.metadata.at("sizes") == Json{4, 3, 2});
    const auto km = persona::clustering::deserialize_kmeans(model.bytes);
    CHECK(km.features == std::vector<std::string>{"x", "y"});
    CHECK(km.centers(0, 0) == Approx(0.5));
    CHECK(km.centers(1, 1) == Approx(31.0 / 3));
    CHECK(km.centers(2, 1) == Approx(10.5));

    // z-scored, the same blobs are found.
    auto z = run_kmeans(blobs(), Json{{"k", 3}});
    CHECK(z.at("assignments")->table().column("cluster").ints == a.column("cluster").ints);
}

TEST_CASE("kmeans stores centers in original and standardized units, undoing log1p", "[kmeans]") {
    // monetary log1p = 0, 0, 2, 2: mean 1, std 1. Two segments of 2 rows (tie: row 0's segment is 0).
    // Centers: log scale 0 and 2 -> standardized -1 and +1 -> original expm1(0) = 0 and e^2 - 1.
    Table t;
    t.add_int64("user", {1, 2, 3, 4});
    const double big = std::exp(2.0) - 1;
    t.add_float64("monetary", {0.0, 0.0, big, big});
    auto out = run_kmeans(t, Json{{"k", 2}, {"log1p", {"monetary"}}});
    const auto km = persona::clustering::deserialize_kmeans(out.at("model")->model().bytes);
    CHECK(km.log1p == std::vector<uint8_t>{1});
    CHECK(km.standardized);
    CHECK(km.means[0] == Approx(1.0));
    CHECK(km.stds[0] == Approx(1.0));
    CHECK(km.centers_standardized(0, 0) == Approx(-1.0));
    CHECK(km.centers_standardized(1, 0) == Approx(1.0));
    CHECK(km.centers(0, 0) == Approx(0.0).margin(1e-12));
    CHECK(km.centers(1, 0) == Approx(big));
    CHECK(out.at("assignments")->table().column("cluster").ints == std::vector<int64_t>{0, 0, 1, 1});
    const Json& meta = out.at("model")->model().metadata;
    CHECK(meta.at("log1p") == Json{"monetary"});
    CHECK(meta.at("scaling").at("means")[0].get<double>() == Approx(1.0));
    CHECK(meta.at("centers_standardized")[1][0].get<double>() == Approx(1.0));
}

TEST_CASE("kmeans gives the same result for the same seed, on any thread count", "[kmeans]") {
    const Json params{{"k", 4}, {"restarts", 5}, {"log1p", {"b"}}};
    auto first = run_kmeans(scattered(300), params, 42, 1);
    auto again = run_kmeans(scattered(300), params, 42, 1);
    auto threaded = run_kmeans(scattered(300), params, 42, 4);
    CHECK(first.at("assignments")->content_hash() == again.at("assignments")->content_hash());
    CHECK(first.at("model")->content_hash() == again.at("model")->content_hash());
    CHECK(first.at("model")->content_hash() == threaded.at("model")->content_hash());
    // The kept run has the lowest inertia of all runs.
    const Json& meta = first.at("model")->model().metadata;
    const double kept = meta.at("inertia");
    for (const auto& inertia : meta.at("restart_inertias")) CHECK(kept <= inertia.get<double>());
    CHECK(meta.at("restart_inertias").size() == 5);
}

TEST_CASE("kmeans Lloyd steps reach a fixed point: every row is nearest its own center", "[kmeans]") {
    Table t = scattered(200);
    persona::clustering::FeatureOptions options;
    const auto fm = persona::clustering::build_feature_matrix(t, options, "model.kmeans");
    persona::clustering::KMeansOptions ko;
    ko.k = 5;
    ko.restarts = 3;
    ko.tol = 0;  // run to convergence
    const auto fit = persona::clustering::fit_kmeans(fm.values, ko);
    CHECK(fit.converged);
    double inertia = 0;
    for (int64_t r = 0; r < fm.rows(); ++r) {
        const double own = (fm.values.row(r) - fit.centers.row(fit.labels[r])).squaredNorm();
        for (int64_t c = 0; c < ko.k; ++c) CHECK(own <= (fm.values.row(r) - fit.centers.row(c)).squaredNorm() + 1e-9);
        inertia += own;
        CHECK(fit.distances[r] == Approx(std::sqrt(own)));
    }
    CHECK(fit.inertia == Approx(inertia));
    // Segment sizes are non-increasing (segment 0 is the largest).
    for (size_t s = 1; s < fit.sizes.size(); ++s) CHECK(fit.sizes[s - 1] >= fit.sizes[s]);
}

TEST_CASE("kmeans with fewer distinct rows than k leaves a segment empty", "[kmeans]") {
    Table t;
    t.add_int64("user", {1, 2, 3, 4});
    t.add_float64("x", {1, 1, 1, 5});
    auto out = run_kmeans(t, Json{{"k", 3}, {"standardize", false}});
    CHECK(out.at("assignments")->table().column("cluster").ints == std::vector<int64_t>{0, 0, 0, 1});
    CHECK(out.at("model")->model().metadata.at("sizes") == Json{3, 1, 0});
}

TEST_CASE("kmeans imputes missing cells and keeps every row", "[kmeans]") {
    Table t = blobs();
    t.column("x").floats[4] = std::nan("");  // B's (11, 10) loses x: imputed with the mean of the other x, 23 / 8 = 2.875
    auto out = run_kmeans(t, Json{{"k", 3}, {"standardize", false}});
    const Table& a = out.at("assignments")->table();
    CHECK(a.rows() == 9);
    CHECK(a.column("cluster").ints[1] == a.column("cluster").ints[7]);  // B keeps (10,10) and (10,11) together
}

TEST_CASE("kmeans vector features are expanded and listed in the model", "[kmeans]") {
    Table t;
    t.add_int64("user", {1, 2, 3, 4});
    t.add_vector("emb", 2, {0, 0, 0, 1, 9, 9, 9, 8});
    auto out = run_kmeans(t, Json{{"k", 2}, {"features", {"emb"}}});
    CHECK(out.at("model")->model().metadata.at("features") == Json{"emb[0]", "emb[1]"});
    CHECK(out.at("assignments")->table().column("cluster").ints == std::vector<int64_t>{0, 0, 1, 1});
}

TEST_CASE("kmeans rejects bad params and missing columns", "[kmeans]") {
    using Catch::Contains;
    CHECK_THROWS_WITH(run_kmeans(blobs(), Json{{"k", 10}}), Contains("'k' is 10") && Contains("only 9 rows"));
    CHECK_THROWS_WITH(run_kmeans(blobs(), Json{{"k", 0}}), Contains("k"));
    CHECK_THROWS_WITH(run_kmeans(blobs(), Json{{"restarts", 0}}), Contains("restarts"));
    CHECK_THROWS_WITH(run_kmeans(blobs(), Json{{"tol", -1}}), Contains("tol"));
    CHECK_THROWS_WITH(run_kmeans(blobs(), Json{{"features", {"x", "z"}}}), Contains("'z'") && Contains("model.kmeans"));
    CHECK_THROWS_WITH(run_kmeans(blobs(), Json{{"id", "customer"}}), Contains("'customer'"));
    CHECK_THROWS_WITH(run_kmeans(blobs(), Json{{"log1p", {"w"}}}), Contains("'log1p'"));
}

TEST_CASE("kmeans model bytes round-trip and bad bytes are refused", "[kmeans]") {
    auto out = run_kmeans(blobs(), Json{{"k", 2}});
    const std::string& bytes = out.at("model")->model().bytes;
    const auto km = persona::clustering::deserialize_kmeans(bytes);
    CHECK(persona::clustering::serialize_kmeans(km) == bytes);
    CHECK_THROWS_AS(persona::clustering::deserialize_kmeans(bytes.substr(0, bytes.size() - 3)), persona::Error);
    CHECK_THROWS_WITH(persona::clustering::deserialize_kmeans("xx"), Catch::Contains("truncated") || Catch::Contains("not"));
}
