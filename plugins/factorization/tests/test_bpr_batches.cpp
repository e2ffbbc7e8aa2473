// Tests of the BPR batches: every pair once per epoch, negatives outside the user's items, seeded order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "bpr_batches.h"
#include "bpr_loss.h"

using namespace persona;
using namespace persona::factorization;

namespace {

// 30 users over 12 items; user u has items u % 12 .. (u % 12) + (u % 5) (wrapping), so 1 to 5 items each.
InteractionData small_data() {
    Table t;
    std::vector<int64_t> users, items;
    for (int64_t u = 0; u < 30; ++u)
        for (int64_t k = 0; k <= u % 5; ++k) {
            users.push_back(u);
            items.push_back((u + k) % 12);
        }
    t.add_int64("user", users);
    t.add_int64("item", items);
    InteractionCounts counts;
    return read_interactions(t, {}, "test", counts);
}

// All (user, positive) pairs and every (user, negative) of one epoch.
struct EpochDraws {
    std::multiset<std::pair<int64_t, int64_t>> positives;
    std::vector<std::pair<int64_t, int64_t>> negatives;
    std::vector<int64_t> order;  // positives' users in batch order
};

EpochDraws draw_epoch(BprBatches& batches, uint64_t seed) {
    EpochDraws draws;
    const int64_t count = batches.start_epoch(seed);
    for (int64_t b = 0; b < count; ++b) {
        BprBatch batch = batches.batch(b);
        REQUIRE(batch.users.size(0) == batches.batch_examples(b));
        for (int64_t i = 0; i < batch.users.size(0); ++i) {
            const int64_t u = batch.users[i].item<int64_t>();
            draws.positives.emplace(u, batch.positives[i].item<int64_t>());
            draws.order.push_back(u);
            for (int64_t k = 0; k < batch.negatives.size(1); ++k)
                draws.negatives.emplace_back(u, batch.negatives[i][k].item<int64_t>());
        }
    }
    return draws;
}

}  // namespace

TEST_CASE("an epoch covers every train pair once with unseen negatives", "[bpr_batches]") {
    const InteractionData data = small_data();
    BprBatches batches(data, 16, 3);
    CHECK(batches.examples() == data.pair_count());
    CHECK(batches.batch_count() == (data.pair_count() + 15) / 16);
    const EpochDraws draws = draw_epoch(batches, 42);
    std::multiset<std::pair<int64_t, int64_t>> expected;
    for (int64_t u = 0; u < data.user_count(); ++u)
        for (int64_t c : data.user_items(u)) expected.emplace(u, c);
    CHECK(draws.positives == expected);
    CHECK(draws.negatives.size() == static_cast<size_t>(3 * data.pair_count()));
    for (const auto& [u, c] : draws.negatives) {
        REQUIRE(c >= 0);
        REQUIRE(c < data.item_count());
        REQUIRE_FALSE(data.contains(u, c));
    }
}

TEST_CASE("the epoch order and negatives follow the seed", "[bpr_batches]") {
    const InteractionData data = small_data();
    BprBatches batches(data, 7, 2);
    const EpochDraws a = draw_epoch(batches, 1);
    const EpochDraws again = draw_epoch(batches, 1);
    const EpochDraws b = draw_epoch(batches, 2);
    CHECK(a.order == again.order);
    CHECK(a.negatives == again.negatives);
    CHECK(a.order != b.order);
    CHECK(a.negatives != b.negatives);
}

TEST_CASE("users who interacted with every item are left out", "[bpr_batches]") {
    Table t;
    t.add_int64("user", {1, 1, 1, 2});
    t.add_int64("item", {10, 20, 30, 10});
    InteractionCounts counts;
    const InteractionData data = read_interactions(t, {}, "test", counts);
    BprBatches batches(data, 4, 1);
    CHECK(batches.excluded_pairs() == 3);
    CHECK(batches.examples() == 1);
    const EpochDraws draws = draw_epoch(batches, 3);
    CHECK(draws.positives == std::multiset<std::pair<int64_t, int64_t>>{{1, 0}});  // user row 1 (id 2), item 10
}

TEST_CASE("the BPR loss and the L2 penalty match their formulas", "[bpr_loss]") {
    // One pair, two negatives: user (1, 0); positive (2, 0) scores 2; negatives score 1 and 3.
    auto user = torch::tensor({{1.0f, 0.0f}});
    auto positive = torch::tensor({{2.0f, 0.0f}});
    auto negatives = torch::tensor({{1.0f, 1.0f}, {3.0f, 0.0f}}).view({1, 2, 2});
    const double expected = -(std::log(1 / (1 + std::exp(-1.0))) + std::log(1 / (1 + std::exp(1.0)))) / 2;
    CHECK(bpr_loss(user, positive, negatives).item<double>() == Approx(expected));
    // 0.5 * reg * (1 + 4 + (2 + 9)) / 1.
    CHECK(l2_penalty(user, positive, negatives.view({2, 2}), 0.1).item<double>() == Approx(0.05 * 16));
}
