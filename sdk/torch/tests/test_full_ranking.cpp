// Full-ranking metrics and top-K tables on hand-checked score matrices.
#include <catch2/catch.hpp>

#include <torch/types.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <limits>

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
    CHECK(at2.rows == 3);
    auto at4 = evaluate_full_ranking(rows_of(scores), targets, 4);
    CHECK(at4.hr == Approx(1.0));
    CHECK(at4.ndcg == Approx((1.0 / std::log2(3.0) + 1.0 / std::log2(5.0) + 1.0) / 3.0));
}

TEST_CASE("rows without a target are skipped; a NaN target ranks last; bad columns are errors") {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    auto scores = torch::tensor({{0.9f, 0.1f, 0.2f}, {nan, 0.1f, 0.2f}, {0.3f, 0.2f, 0.1f}});
    RankingTargets targets;
    targets.target = {0, 0, -1};
    targets.masked = {{-1}, {}, {}};  // negative mask entries are padding
    auto at1 = evaluate_full_ranking(rows_of(scores), targets, 1);
    CHECK(at1.rows == 2);
    CHECK(at1.hr == Approx(0.5));
    auto at3 = evaluate_full_ranking(rows_of(scores), targets, 3);
    CHECK(at3.hr == Approx(1.0));
    CHECK(at3.ndcg == Approx((1.0 + 1.0 / std::log2(4.0)) / 2.0));

    targets.target = {3, 0, 0};
    CHECK_THROWS_WITH(evaluate_full_ranking(rows_of(scores), targets, 1), Catch::Contains("target column 3"));
    targets.target = {0, 0, 0};
    targets.masked = {{5}, {}, {}};
    CHECK_THROWS_WITH(evaluate_full_ranking(rows_of(scores), targets, 1), Catch::Contains("masks item column 5"));
    targets.masked = {{}, {}};
    CHECK_THROWS_WITH(evaluate_full_ranking(rows_of(scores), targets, 1), Catch::Contains("2 mask lists for 3"));
}

TEST_CASE("masking never writes into the caller's score tensor") {
    auto matrix = torch::tensor({{0.9f, 0.8f, 0.7f}, {0.1f, 0.2f, 0.3f}});
    const auto before = matrix.clone();
    ScoreBatch view = [matrix](const std::vector<int64_t>& rows) {  // a view of the caller's data
        return matrix.narrow(0, rows.front(), static_cast<int64_t>(rows.size()));
    };
    RankingTargets targets;
    targets.target = {2, 0};
    targets.masked = {{0, 1}, {1, 2}};
    auto at1 = evaluate_full_ranking(view, targets, 1);
    CHECK(at1.hr == Approx(1.0));
    top_k_table(view, {1, 2}, targets.masked, {10, 11, 12}, 1);
    CHECK(torch::equal(matrix, before));
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

TEST_CASE("many rows are scored over several calls, each row with its own scores") {
    const int64_t users = 150, items = 5;
    auto best = torch::arange(users, torch::kLong).remainder(items);  // row u prefers column u % 5
    auto matrix = torch::one_hot(best, items).to(torch::kFloat);
    std::vector<int64_t> user_ids, item_ids{10, 11, 12, 13, 14};
    RankingTargets targets;
    for (int64_t u = 0; u < users; ++u) {
        user_ids.push_back(1000 + u);
        targets.target.push_back(u % 3 == 0 ? u % items : (u + 1) % items);  // a third hit at rank 1
        targets.masked.push_back({});
    }
    auto at1 = evaluate_full_ranking(rows_of(matrix), targets, 1);
    CHECK(at1.rows == users);
    CHECK(at1.hr == Approx(50.0 / 150.0));
    auto table = top_k_table(rows_of(matrix), user_ids, targets.masked, item_ids, 1);
    REQUIRE(table.rows() == users);
    for (int64_t u = 0; u < users; ++u) {
        CHECK(table.column("user").ints[static_cast<size_t>(u)] == 1000 + u);
        CHECK(table.column("item").ints[static_cast<size_t>(u)] == 10 + u % items);
    }
}

TEST_CASE("top-K table refuses item ids that do not match the score columns") {
    auto scores = torch::tensor({{0.9f, 0.8f, 0.7f}});
    CHECK_THROWS_WITH(top_k_table(rows_of(scores), {1}, {{}}, {100, 200}, 2), Catch::Contains("2 item ids"));
    CHECK_THROWS_WITH(top_k_table(rows_of(scores), {1}, {{}}, {100, 200, 300}, 0), Catch::Contains("k=0"));
}

TEST_CASE("embedding table holds one vector per user") {
    auto table = embedding_table({1, 2}, torch::tensor({{1.0f, 2.0f}, {3.0f, 4.0f}}));
    CHECK(table.column("embedding").width == 2);
    CHECK(table.column("embedding").vectors == std::vector<float>{1, 2, 3, 4});
}

// Hidden: run with `test_torch_helper "[.benchmark]"` to time ranking at a real data set's size.
TEST_CASE("full ranking at 22,363 rows x 12,101 items", "[.benchmark]") {
    const int64_t users = 22363, items = 12101;
    torch::manual_seed(1);
    RankingTargets targets;
    for (int64_t u = 0; u < users; ++u) {
        targets.target.push_back(u % items);
        std::vector<int64_t> seen;
        for (int64_t j = 1; j <= 8; ++j) seen.push_back((u * 7 + j * 131) % items);
        targets.masked.push_back(seen);
    }
    double scoring = 0;
    ScoreBatch random_scores = [&](const std::vector<int64_t>& rows) {
        const auto start = std::chrono::steady_clock::now();
        auto s = torch::rand({static_cast<int64_t>(rows.size()), items});
        scoring += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return s;
    };
    for (int64_t batch : {256, 512, 1024}) {
        scoring = 0;
        const auto start = std::chrono::steady_clock::now();
        auto result = evaluate_full_ranking(random_scores, targets, 10, batch);
        const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cout << "batch " << batch << " full ranking: " << total << " s in all, " << scoring << " s scoring, "
                  << (total - scoring) << " s ranking; HR@10 " << result.hr << " (random: ~" << 10.0 / items
                  << ")\n";
        CHECK(result.rows == users);
    }
}
