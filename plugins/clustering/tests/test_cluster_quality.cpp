// Tests of the silhouette, the Davies-Bouldin index, segment numbering and segment descriptions.
#include <catch2/catch.hpp>

#include <cmath>

#include "cluster_quality.h"
#include "segment_order.h"
#include "segment_profiles.h"

using persona::clustering::RowMatrix;

namespace {

RowMatrix column(const std::vector<double>& values) {
    RowMatrix x(static_cast<int64_t>(values.size()), 1);
    for (size_t i = 0; i < values.size(); ++i) x(static_cast<int64_t>(i), 0) = values[i];
    return x;
}

std::vector<int64_t> all_rows(int64_t n) {
    std::vector<int64_t> rows;
    for (int64_t i = 0; i < n; ++i) rows.push_back(i);
    return rows;
}

}  // namespace

TEST_CASE("silhouette of two pairs on a line, by hand", "[quality]") {
    // A = {0, 1}, B = {4, 5}. Every a = 1.
    // row 0: b = (4 + 5) / 2 = 4.5, s = 3.5 / 4.5 = 7/9;  row 1: b = (3 + 4) / 2 = 3.5, s = 2.5 / 3.5 = 5/7;
    // rows 4 and 5 mirror them. Mean = (7/9 + 5/7) / 2 = 94/126 = 0.7460317.
    const RowMatrix x = column({0, 1, 4, 5});
    const std::vector<int64_t> labels{0, 0, 1, 1};
    CHECK(persona::clustering::silhouette(x, labels, all_rows(4)) == Approx(94.0 / 126));
    // Davies-Bouldin: centroids 0.5 and 4.5, scatters 0.5 and 0.5: (0.5 + 0.5) / 4 = 0.25 for both.
    CHECK(persona::clustering::davies_bouldin(x, labels, all_rows(4)) == Approx(0.25));
}

TEST_CASE("silhouette scores a row alone in its segment 0 and uses the nearest other segment", "[quality]") {
    // A = {0, 1}, B = {4, 5}, C = {10} (labels 3, 3, 8, 8, 5: any non-negative numbers).
    // row 0: b = min(4.5, 10) -> 7/9; row 1: min(3.5, 9) -> 5/7; row 4: min(3.5, 6) -> 5/7;
    // row 5: min(4.5, 5) -> 7/9; row 10 alone -> 0. Mean = (14/9 + 10/7) / 5 = 188/315 = 0.5968254.
    const RowMatrix x = column({0, 1, 4, 5, 10});
    const std::vector<int64_t> labels{3, 3, 8, 8, 5};
    CHECK(persona::clustering::silhouette(x, labels, all_rows(5)) == Approx(188.0 / 315));
    // Davies-Bouldin: centroids 0.5, 4.5, 10; scatters 0.5, 0.5, 0.
    // A: max(1/4, 0.5/9.5) = 0.25; B: max(1/4, 0.5/5.5) = 0.25; C: max(0.5/9.5, 0.5/5.5) = 1/11.
    CHECK(persona::clustering::davies_bouldin(x, labels, all_rows(5)) == Approx((0.5 + 1.0 / 11) / 3));
    // Only the listed rows count: rows 0, 1, 2, 3 give the two-pair value again.
    CHECK(persona::clustering::silhouette(x, labels, {0, 1, 2, 3}) == Approx(94.0 / 126));
}

TEST_CASE("silhouette and Davies-Bouldin are undefined for one segment", "[quality]") {
    const RowMatrix x = column({0, 1, 2});
    CHECK(std::isnan(persona::clustering::silhouette(x, {0, 0, 0}, all_rows(3))));
    CHECK(std::isnan(persona::clustering::davies_bouldin(x, {0, 0, 0}, all_rows(3))));
}

TEST_CASE("segments are numbered by size, ties by the earliest row, noise kept", "[quality]") {
    std::vector<int64_t> labels{2, -1, 0, 1, 2, 0, 1, 3};  // sizes: 0 -> 2, 1 -> 2, 2 -> 2, 3 -> 1; label 4 unused
    auto renumber = persona::clustering::order_segments_by_size(labels, 5);
    // ties of size 2 go by first row: label 2 (row 0), label 0 (row 2), label 1 (row 3)
    CHECK(renumber == std::vector<int64_t>{1, 2, 0, 3, -1});
    CHECK(labels == std::vector<int64_t>{0, -1, 1, 2, 0, 1, 2, 3});
}

TEST_CASE("a segment is described by the features with the largest |z|", "[quality]") {
    using persona::clustering::describe_segment;
    const std::vector<std::string> names{"tenure", "monetary", "frequency", "recency_days"};
    CHECK(describe_segment(names, {0.1, 2.1, 1.4, -0.8}) ==
          "high monetary (+2.1 sd), high frequency (+1.4 sd), low recency_days (-0.8 sd)");
    // a third feature is named only when |z| >= 0.5
    CHECK(describe_segment(names, {0.1, 2.1, 1.4, -0.3}) == "high monetary (+2.1 sd), high frequency (+1.4 sd)");
    CHECK(describe_segment(names, {0.01, 0.0, -0.02, 0.0}) ==
          "average frequency (0.0 sd), average tenure (0.0 sd)");
    CHECK(describe_segment({"spend"}, {-1.26}) == "low spend (-1.3 sd)");
}
