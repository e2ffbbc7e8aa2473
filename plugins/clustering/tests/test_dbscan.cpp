// Tests of model.dbscan: chains, border rows, noise, the grid against brute force, errors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>

#include "dbscan.h"
#include "persona/persona.h"
#include "plugin_test.h"

using persona::Json;
using persona::Table;
using persona::clustering::RowMatrix;
using persona::testing::registry_with;
using persona::testing::table_input;

namespace {

Table line(const std::vector<double>& x) {
    Table t;
    std::vector<int64_t> ids;
    for (size_t i = 0; i < x.size(); ++i) ids.push_back(static_cast<int64_t>(i + 1));
    t.add_int64("user", ids);
    t.add_float64("x", x);
    return t;
}

Table run_dbscan(Table table, Json params) {
    params["standardize"] = false;
    auto out = persona::kernel::invoke(registry_with("persona_clustering"), "model.dbscan",
                                       table_input("users", std::move(table)), params);
    return out.at("assignments")->table();
}

// The textbook DBSCAN on all pairs, for comparison with the grid: labels in order of growth (not by size).
std::vector<int64_t> brute_force_dbscan(const RowMatrix& x, double eps, int64_t min_points) {
    const int64_t n = x.rows();
    auto near = [&](int64_t i, int64_t j) { return (x.row(i) - x.row(j)).squaredNorm() <= eps * eps; };
    std::vector<bool> core(n);
    for (int64_t i = 0; i < n; ++i) {
        int64_t c = 0;
        for (int64_t j = 0; j < n; ++j) c += near(i, j);
        core[i] = c >= min_points;
    }
    std::vector<int64_t> labels(n, -1);
    int64_t next = 0;
    for (int64_t s = 0; s < n; ++s) {
        if (!core[s] || labels[s] >= 0) continue;
        std::vector<int64_t> queue{s};
        labels[s] = next;
        for (size_t h = 0; h < queue.size(); ++h)
            for (int64_t j = 0; j < n; ++j)
                if (labels[j] < 0 && near(queue[h], j)) {
                    labels[j] = next;
                    if (core[j]) queue.push_back(j);
                }
        ++next;
    }
    return labels;
}

// True when two labelings are the same partition with the same noise.
bool same_partition(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
    std::map<int64_t, int64_t> ab, ba;
    for (size_t i = 0; i < a.size(); ++i) {
        if ((a[i] < 0) != (b[i] < 0)) return false;
        if (a[i] < 0) continue;
        if (ab.emplace(a[i], b[i]).first->second != b[i]) return false;
        if (ba.emplace(b[i], a[i]).first->second != a[i]) return false;
    }
    return true;
}

RowMatrix scattered(int64_t rows, int64_t dims, uint64_t seed) {
    RowMatrix x(rows, dims);
    uint64_t state = seed;
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t d = 0; d < dims; ++d) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            const double u = static_cast<double>(state >> 11) * 0x1.0p-53;
            x(r, d) = (r % 3) * 2.0 + u * 3;  // three overlapping bands, so there are segments and noise
        }
    return x;
}

}  // namespace

TEST_CASE("dbscan follows chains, keeps border rows, and marks isolated rows as noise", "[dbscan]") {
    // eps 1, min_points 3 (the row itself counts).
    // chain 0 1 2 3 4: ends have 2 rows within 1 (border), 1..3 have 3 (core) -> one segment of 5
    // group 10 10.5 11: every row has all 3 within 1 -> core, a segment of 3
    // 20 and -5: nothing within 1 -> noise
    Table a = run_dbscan(line({0, 1, 2, 3, 4, 10, 10.5, 11, 20, -5}), Json{{"eps", 1.0}, {"min_points", 3}});
    CHECK(a.column("user").ints == std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    CHECK(a.column("cluster").ints == std::vector<int64_t>{0, 0, 0, 0, 0, 1, 1, 1, -1, -1});
    CHECK(a.column("core").ints == std::vector<int64_t>{0, 1, 1, 1, 0, 1, 1, 1, 0, 0});
}

TEST_CASE("dbscan chains density-reachable rows far beyond eps", "[dbscan]") {
    std::vector<double> x;
    for (int i = 0; i < 50; ++i) x.push_back(i * 0.75);  // 50 rows 0.75 apart: ends 36.75 apart
    x.push_back(100);
    Table a = run_dbscan(line(x), Json{{"eps", 1.0}, {"min_points", 3}});
    std::vector<int64_t> expected(50, 0);
    expected.push_back(-1);
    CHECK(a.column("cluster").ints == expected);
}

TEST_CASE("dbscan gives a border row reachable from two segments to the one grown first", "[dbscan]") {
    // eps 1, min_points 4. A = 0 .25 .5 .75 (all core), B = 2.5 2.75 3 3.25 (all core),
    // M = 1.625: within 1 are .75 (0.875), itself and 2.5 (0.875) -> 3 rows, a border row of both A and B.
    const std::vector<double> a_rows{0, 0.25, 0.5, 0.75}, b_rows{2.5, 2.75, 3.0, 3.25};
    std::vector<double> a_first = a_rows;
    a_first.push_back(1.625);
    a_first.insert(a_first.end(), b_rows.begin(), b_rows.end());
    Table first = run_dbscan(line(a_first), Json{{"eps", 1.0}, {"min_points", 4}});
    // A grows first and takes M: A+M = 5 rows -> segment 0; B -> segment 1.
    CHECK(first.column("cluster").ints == std::vector<int64_t>{0, 0, 0, 0, 0, 1, 1, 1, 1});
    CHECK(first.column("core").ints[4] == 0);

    std::vector<double> b_first = b_rows;
    b_first.push_back(1.625);
    b_first.insert(b_first.end(), a_rows.begin(), a_rows.end());
    Table second = run_dbscan(line(b_first), Json{{"eps", 1.0}, {"min_points", 4}});
    CHECK(second.column("cluster").ints == std::vector<int64_t>{0, 0, 0, 0, 0, 1, 1, 1, 1});  // now B takes M
}

TEST_CASE("dbscan labels every row noise when no row is dense enough", "[dbscan]") {
    Table a = run_dbscan(line({0, 5, 10}), Json{{"eps", 1.0}, {"min_points", 2}});
    CHECK(a.column("cluster").ints == std::vector<int64_t>{-1, -1, -1});
    // min_points 1: every row is its own core -> three singleton segments
    Table b = run_dbscan(line({0, 5, 10}), Json{{"eps", 1.0}, {"min_points", 1}});
    CHECK(b.column("cluster").ints == std::vector<int64_t>{0, 1, 2});
}

TEST_CASE("dbscan on the grid matches brute force in 2, 3 and 8 dimensions", "[dbscan]") {
    for (int64_t dims : {2, 3, 8}) {
        const RowMatrix x = scattered(600, dims, 7 + dims);
        const double eps = dims == 2 ? 0.35 : (dims == 3 ? 0.7 : 1.6);
        const auto fit = persona::clustering::fit_dbscan(x, eps, 5);
        const auto expected = brute_force_dbscan(x, eps, 5);
        CHECK(same_partition(fit.labels, expected));
        CHECK(fit.segments > 0);
        CHECK(fit.noise > 0);
    }
}

TEST_CASE("dbscan handles 5,000 rows with three dense blobs and scattered noise", "[dbscan]") {
    // 3 blobs of 1,600 rows on a small square lattice each, plus 200 far-apart noise rows.
    Table t;
    std::vector<int64_t> ids;
    std::vector<double> x, y;
    for (int b = 0; b < 3; ++b)
        for (int i = 0; i < 1600; ++i) {
            ids.push_back(static_cast<int64_t>(ids.size()));
            x.push_back(b * 100 + (i % 40) * 0.1);
            y.push_back((i / 40) * 0.1);
        }
    for (int i = 0; i < 200; ++i) {
        ids.push_back(static_cast<int64_t>(ids.size()));
        x.push_back(1000 + i * 10.0);
        y.push_back(500);
    }
    t.add_int64("user", ids);
    t.add_float64("x", x);
    t.add_float64("y", y);
    Table a = run_dbscan(t, Json{{"eps", 0.15}, {"min_points", 4}});
    const auto& seg = a.column("cluster").ints;
    CHECK(std::count(seg.begin(), seg.end(), 0) == 1600);
    CHECK(std::count(seg.begin(), seg.end(), 1) == 1600);
    CHECK(std::count(seg.begin(), seg.end(), 2) == 1600);
    CHECK(std::count(seg.begin(), seg.end(), -1) == 200);
}

TEST_CASE("dbscan rejects bad params and missing columns", "[dbscan]") {
    using Catch::Contains;
    CHECK_THROWS_WITH(run_dbscan(line({0, 1}), Json{{"eps", 0.0}}), Contains("'eps' must be > 0"));
    CHECK_THROWS_WITH(run_dbscan(line({0, 1}), Json{{"min_points", 0}}), Contains("min_points"));
    CHECK_THROWS_WITH(run_dbscan(line({0, 1}), Json{{"features", {"y"}}}), Contains("model.dbscan") && Contains("'y'"));
}
