// Full-ranking metrics and top-K tables on hand-checked score matrices.
#include <catch2/catch.hpp>

#include <torch/torch.h>

#include <cmath>

#include "persona/torch/full_ranking.h"

using namespace persona;
using namespace persona::torch_helper;

namespace {

// Rows of a fixed score matrix.
ScoreBatch rows_of(torch::Tensor matrix) {
    return [matrix](const std::vector<int64_t>& rows) {
        return matrix.index_select(0, torch::tensor(rows, torch::kLong));
    };
}

}  // namespace

TEST_CASE("HR and NDCG with masks and pessimistic ties") {
    auto scores = torch::tensor({{0.9f, 0.8f, 0.7f, 0.1f},    // target 2: rank 3, or 2 with item 0 masked
                                 {0.5f, 0.5f, 0.5f, 0.5f},    // all tied: target ranks last (4)
                                 {0.1f, 0.2f, 0.3f, 0.9f}});  // target 3: rank 1
    RankingTargets targets;
    targets.target = {2, 1, 3};
    targets.masked = {{0, 2}, {}, {3}};  // the target itself is never masked
    auto at2 = evaluate_full_ranking(rows_of(scores), targets, 2, 2);
    CHECK(at2.hr == Approx(2.0 / 3.0));
    CHECK(at2.ndcg == Approx((1.0 / std::log2(3.0) + 1.0) / 3.0));
    auto at4 = evaluate_full_ranking(rows_of(scores), targets, 4);
    CHECK(at4.hr == Approx(1.0));
    CHECK(at4.ndcg == Approx((1.0 / std::log2(3.0) + 1.0 / std::log2(5.0) + 1.0) / 3.0));
}

TEST_CASE("top-K table skips masked items and maps columns to item ids") {
    auto scores = torch::tensor({{0.9f, 0.8f, 0.7f}, {0.1f, 0.2f, 0.3f}});
    auto table = top_k_table(rows_of(scores), {10, 20}, {{0}, {0, 1, 2}}, {100, 200, 300}, 2);
    REQUIRE(table.rows() == 2);  // the second user has everything masked
    CHECK(table.column("user").ints == std::vector<int64_t>{10, 10});
    CHECK(table.column("rank").ints == std::vector<int64_t>{1, 2});
    CHECK(table.column("item").ints == std::vector<int64_t>{200, 300});
    CHECK(table.column("score").floats[0] == Approx(0.8));
}

TEST_CASE("embedding table holds one vector per user") {
    auto table = embedding_table({1, 2}, torch::tensor({{1.0f, 2.0f}, {3.0f, 4.0f}}));
    CHECK(table.column("embedding").width == 2);
    CHECK(table.column("embedding").vectors == std::vector<float>{1, 2, 3, 4});
}
