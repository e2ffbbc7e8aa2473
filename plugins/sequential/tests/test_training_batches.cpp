// Tests of the training batches (shifted targets, left padding, shuffling, negatives) and history batches.
#include <catch2/catch.hpp>

#include <set>

#include "history_encoding.h"
#include "training_batches.h"

using namespace persona;
using namespace persona::sequential;

namespace {

// Users 1..3 with sequences [1 2 3 4 5], [6 7], [8] (item columns), times 10 x position, types 1 or 2.
SequenceData three_users() {
    SequenceData data;
    data.item_ids = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
    data.type_names = {"a", "b"};
    data.users = {1, 2, 3};
    data.offsets = {0, 5, 7, 8};
    data.items = {1, 2, 3, 4, 5, 6, 7, 8};
    data.types = {1, 2, 1, 2, 1, 2, 2, 1};
    data.times = {10, 20, 30, 40, 50, 10, 20, 10};
    data.default_type = 2;
    return data;
}

std::vector<int64_t> row(const torch::Tensor& t, int64_t r) {
    torch::Tensor x = t[r].contiguous();
    return {x.data_ptr<int64_t>(), x.data_ptr<int64_t>() + x.numel()};
}

// The batch row of the example whose last target is `last_target` (rows are shuffled).
int64_t row_with_target(const TrainingBatch& batch, int64_t last_target) {
    for (int64_t r = 0; r < batch.sequences.targets.size(0); ++r)
        if (batch.sequences.targets[r][-1].item<int64_t>() == last_target) return r;
    return -1;
}

}  // namespace

TEST_CASE("examples are users with two or more items: inputs seq[:-1], targets seq[1:], left-padded", "[batches]") {
    SequenceData data = three_users();
    TrainingBatches batches(data, 6, 8, NegativeSampling::None);
    CHECK(batches.examples() == 2);
    CHECK(batches.start_epoch(1) == 1);
    TrainingBatch batch = batches.batch(0);
    const int64_t a = row_with_target(batch, 5), b = row_with_target(batch, 7);
    REQUIRE(a >= 0);
    REQUIRE(b >= 0);
    CHECK(row(batch.sequences.items, a) == std::vector<int64_t>{0, 0, 1, 2, 3, 4});
    CHECK(row(batch.sequences.targets, a) == std::vector<int64_t>{0, 0, 2, 3, 4, 5});
    CHECK(row(batch.sequences.types, a) == std::vector<int64_t>{0, 0, 1, 2, 1, 2});
    CHECK(row(batch.sequences.times, a) == std::vector<int64_t>{0, 0, 10, 20, 30, 40});
    CHECK(row(batch.sequences.items, b) == std::vector<int64_t>{0, 0, 0, 0, 0, 6});
    CHECK(row(batch.sequences.targets, b) == std::vector<int64_t>{0, 0, 0, 0, 0, 7});
    CHECK_FALSE(batch.negatives.defined());
}

TEST_CASE("prefix examples: one per target, the items before it as input, the target at the last position", "[batches]") {
    SequenceData data = three_users();
    TrainingBatches batches(data, 3, 16, NegativeSampling::PerPosition, 0, false, ExampleKind::Prefixes);
    CHECK(batches.examples() == 5);  // targets 2, 3, 4, 5 of user 1 and 7 of user 2
    REQUIRE(batches.start_epoch(3) == 1);
    TrainingBatch batch = batches.batch(0);
    const int64_t two = row_with_target(batch, 2), five = row_with_target(batch, 5), seven = row_with_target(batch, 7);
    REQUIRE(two >= 0);
    REQUIRE(five >= 0);
    REQUIRE(seven >= 0);
    CHECK(row(batch.sequences.items, two) == std::vector<int64_t>{0, 0, 1});
    CHECK(row(batch.sequences.targets, two) == std::vector<int64_t>{0, 0, 2});
    CHECK(row(batch.sequences.items, five) == std::vector<int64_t>{2, 3, 4});  // cut to max_len 3
    CHECK(row(batch.sequences.targets, five) == std::vector<int64_t>{0, 0, 5});
    CHECK(row(batch.sequences.times, five) == std::vector<int64_t>{20, 30, 40});
    CHECK(row(batch.sequences.items, seven) == std::vector<int64_t>{0, 0, 6});
    // A negative only where the target is, never one of the user's items.
    for (int64_t r = 0; r < 5; ++r) {
        const auto negatives = row(batch.negatives, r);
        CHECK(negatives[0] == 0);
        CHECK(negatives[1] == 0);
        CHECK(negatives[2] >= 1);
    }
    CHECK(row(batch.negatives, five)[2] > 5);
    std::multiset<int64_t> targets;
    for (int64_t r = 0; r < 5; ++r) targets.insert(batch.sequences.targets[r][-1].item<int64_t>());
    CHECK(targets == std::multiset<int64_t>{2, 3, 4, 5, 7});
}

TEST_CASE("prefix examples with empty_prefix: each user's first item is the target of an empty input", "[batches]") {
    SequenceData data = three_users();
    TrainingBatches batches(data, 3, 16, NegativeSampling::None, 0, false, ExampleKind::Prefixes, true);
    CHECK(batches.examples() == 8);  // the 5 above, plus targets 1, 6 and 8 (user 3's only item)
    REQUIRE(batches.start_epoch(3) == 1);
    TrainingBatch batch = batches.batch(0);
    for (int64_t first : {1, 6, 8}) {
        const int64_t r = row_with_target(batch, first);
        REQUIRE(r >= 0);
        CHECK(row(batch.sequences.items, r) == std::vector<int64_t>{0, 0, 0});
        CHECK(row(batch.sequences.targets, r) == std::vector<int64_t>{0, 0, first});
    }
}

TEST_CASE("only the last max_len positions are kept", "[batches]") {
    SequenceData data = three_users();
    TrainingBatches batches(data, 2, 8, NegativeSampling::None);
    batches.start_epoch(3);
    TrainingBatch batch = batches.batch(0);
    const int64_t a = row_with_target(batch, 5);
    CHECK(row(batch.sequences.items, a) == std::vector<int64_t>{3, 4});
    CHECK(row(batch.sequences.targets, a) == std::vector<int64_t>{4, 5});
}

TEST_CASE("the epoch order depends on the seed only and batches cover every example once", "[batches]") {
    SequenceData data;
    data.item_ids = {1, 2, 3};
    for (int64_t u = 0; u < 50; ++u) {
        data.users.push_back(u);
        data.offsets.push_back(static_cast<int64_t>(data.items.size()));
        data.items.insert(data.items.end(), {1 + u % 3, 1 + (u + 1) % 3});
        data.times.insert(data.times.end(), {u, u + 1});
    }
    data.offsets.push_back(static_cast<int64_t>(data.items.size()));
    TrainingBatches batches(data, 4, 16, NegativeSampling::None);
    auto order = [&](uint64_t seed) {
        std::vector<int64_t> firsts;
        const int64_t n = batches.start_epoch(seed);
        int64_t total = 0;
        for (int64_t i = 0; i < n; ++i) {
            total += batches.batch_examples(i);
            TrainingBatch b = batches.batch(i);
            for (int64_t r = 0; r < b.sequences.items.size(0); ++r)
                firsts.push_back(b.sequences.times[r][-1].item<int64_t>());
        }
        CHECK(total == 50);
        return firsts;
    };
    CHECK(batches.start_epoch(5) == 4);
    CHECK(batches.batch_examples(3) == 2);
    const auto first = order(5);
    CHECK(order(6) != first);
    CHECK(order(5) == first);
    CHECK(std::set<int64_t>(first.begin(), first.end()).size() == 50);  // every user once (times are unique)
}

TEST_CASE("bce negatives are never in the user's sequence and only sit at target positions", "[batches]") {
    SequenceData data = three_users();
    TrainingBatches batches(data, 6, 8, NegativeSampling::PerPosition);
    for (uint64_t seed = 0; seed < 20; ++seed) {
        batches.start_epoch(seed);
        TrainingBatch batch = batches.batch(0);
        const int64_t a = row_with_target(batch, 5), b = row_with_target(batch, 7);
        const auto neg_a = row(batch.negatives, a), neg_b = row(batch.negatives, b);
        for (int p = 0; p < 6; ++p) {
            if (p < 2) CHECK(neg_a[p] == 0);
            if (p >= 2) CHECK(neg_a[p] > 5);  // user 1 has columns 1..5
            if (p < 5) CHECK(neg_b[p] == 0);
        }
        CHECK((neg_b[5] != 6 && neg_b[5] != 7 && neg_b[5] >= 1 && neg_b[5] <= 10));
    }
}

TEST_CASE("shared negatives are item columns 1..N, the same list for the whole batch", "[batches]") {
    SequenceData data = three_users();
    TrainingBatches batches(data, 6, 8, NegativeSampling::Shared, 300);
    batches.start_epoch(9);
    TrainingBatch batch = batches.batch(0);
    REQUIRE(batch.negatives.sizes() == torch::IntArrayRef{300});
    CHECK(batch.negatives.min().item<int64_t>() >= 1);
    CHECK(batch.negatives.max().item<int64_t>() <= 10);
    CHECK(torch::equal(batches.batch(0).negatives, batch.negatives));  // keyed on (seed, index)
}

TEST_CASE("length buckets: batches of similar length, each as wide as its longest input, all examples once",
          "[batches]") {
    SequenceData data;
    data.item_ids = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    for (int64_t u = 0; u < 40; ++u) {  // user u has 2 + u % 8 items: inputs of 1..8
        data.users.push_back(u);
        data.offsets.push_back(static_cast<int64_t>(data.items.size()));
        for (int64_t i = 0; i < 2 + u % 8; ++i) {
            data.items.push_back(1 + (u + i) % 10);
            data.times.push_back(u * 100 + i);
        }
    }
    data.offsets.push_back(static_cast<int64_t>(data.items.size()));
    TrainingBatches batches(data, 6, 5, NegativeSampling::None, 0, true);
    auto widths = [&](uint64_t seed) {
        const int64_t n = batches.start_epoch(seed);
        std::vector<int64_t> out;
        std::set<int64_t> seen;
        for (int64_t i = 0; i < n; ++i) {
            TrainingBatch b = batches.batch(i);
            const int64_t width = b.sequences.items.size(1);
            out.push_back(width);
            // The longest input fills the batch (its first column is real); nothing is wider than max_len.
            CHECK(b.sequences.items.select(1, 0).ne(0).any().item<bool>());
            CHECK(width <= 6);
            for (int64_t r = 0; r < b.sequences.items.size(0); ++r) seen.insert(b.sequences.times[r][-1].item<int64_t>() / 100);
        }
        CHECK(seen.size() == 40);
        return out;
    };
    // 40 inputs of lengths 1..8 (capped at 6): 5 each of 1..5 and 15 of 6, so 8 batches of one length each.
    std::vector<int64_t> first = widths(3);
    std::multiset<int64_t> sorted(first.begin(), first.end());
    CHECK(sorted == std::multiset<int64_t>{1, 2, 3, 4, 5, 6, 6, 6});
    CHECK(widths(4) != first);  // the batch order is shuffled per epoch
}

TEST_CASE("a history batch is as wide as its longest history, at most max_len", "[batches]") {
    const int64_t a[] = {4, 9}, b[] = {7};
    SequenceBatch batch = history_batch({HistoryView{a, nullptr, nullptr, 2}, HistoryView{b, nullptr, nullptr, 1}},
                                        HistoryFormat{5, false, 0, false});
    CHECK(row(batch.items, 0) == std::vector<int64_t>{4, 9});
    CHECK(row(batch.items, 1) == std::vector<int64_t>{0, 7});
}

TEST_CASE("history batches keep the last max_len items and fill a missing type with the default", "[batches]") {
    SequenceData data = three_users();
    std::vector<HistoryView> views = user_histories(data, {0, 2});
    const int64_t loose[] = {4, 9};
    views.push_back(HistoryView{loose, nullptr, nullptr, 2});
    SequenceBatch batch = history_batch(views, HistoryFormat{3, true, 2, true});
    CHECK(row(batch.items, 0) == std::vector<int64_t>{3, 4, 5});
    CHECK(row(batch.items, 1) == std::vector<int64_t>{0, 0, 8});
    CHECK(row(batch.items, 2) == std::vector<int64_t>{0, 4, 9});
    CHECK(row(batch.types, 0) == std::vector<int64_t>{1, 2, 1});
    CHECK(row(batch.types, 2) == std::vector<int64_t>{0, 2, 2});
    CHECK(row(batch.times, 0) == std::vector<int64_t>{30, 40, 50});
    CHECK(row(batch.times, 2) == std::vector<int64_t>{0, 0, 0});
    CHECK_FALSE(batch.targets.defined());
    CHECK_FALSE(history_batch(views, HistoryFormat{3, false, 0, false}).types.defined());
}
