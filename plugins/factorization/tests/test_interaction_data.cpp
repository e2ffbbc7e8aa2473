// Tests of reading train and held-out pairs: id maps, CSR by user, duplicates, bad rows and column errors.
#include <catch2/catch.hpp>

#include "interaction_data.h"
#include "persona/error.h"

using namespace persona;
using namespace persona::factorization;

namespace {

Table pairs(std::vector<int64_t> users, std::vector<int64_t> items) {
    Table t;
    t.add_int64("user", std::move(users));
    t.add_int64("item", std::move(items));
    return t;
}

}  // namespace

TEST_CASE("train pairs become sorted distinct rows per user", "[interaction_data]") {
    InteractionCounts counts;
    // User 7: items 30, 10, 30 (duplicate); user 3: item 20; one row with a null item.
    auto data = read_interactions(pairs({7, 7, 3, 7, 5}, {30, 10, 20, 30, kNullInt}), {}, "op", counts);
    CHECK(counts.rows == 5);
    CHECK(counts.bad_rows == 1);
    CHECK(counts.duplicate_pairs == 1);
    CHECK(data.user_ids == std::vector<int64_t>{3, 7});  // user 5 only had a bad row
    CHECK(data.item_ids == std::vector<int64_t>{10, 20, 30});
    CHECK(data.offsets == std::vector<int64_t>{0, 1, 3});
    CHECK(data.user_items(0) == std::vector<int64_t>{1});     // user 3 -> item 20
    CHECK(data.user_items(1) == std::vector<int64_t>{0, 2});  // user 7 -> items 10, 30
    CHECK(data.contains(1, 2));
    CHECK_FALSE(data.contains(1, 1));
    CHECK(data.user_row(7) == 1);
    CHECK(data.user_row(5) == -1);
    CHECK(data.item_column(30) == 2);
    CHECK(data.item_column(31) == -1);
    CHECK(data.pair_count() == 3);
}

TEST_CASE("users without interactions in the middle keep offsets right", "[interaction_data]") {
    InteractionCounts counts;
    auto data = read_interactions(pairs({1, 2, 2, 4, 4, 4}, {1, 1, 2, 1, 2, 3}), {}, "op", counts);
    CHECK(data.offsets == std::vector<int64_t>{0, 1, 3, 6});
    CHECK(data.degree(2) == 3);
}

TEST_CASE("held-out pairs are mapped and unknown rows counted", "[interaction_data]") {
    InteractionCounts counts;
    auto data = read_interactions(pairs({1, 2}, {10, 20}), {}, "op", counts);
    auto held = read_held_out(pairs({1, 2, 3, 1, kNullInt}, {20, 99, 10, 10, 10}), data, {}, "op", "valid");
    CHECK(held.user_rows == std::vector<int64_t>{0, 0});
    CHECK(held.item_columns == std::vector<int64_t>{1, 0});
    CHECK(held.unknown_items == 1);
    CHECK(held.unknown_users == 1);
    CHECK(held.bad_rows == 1);
    CHECK(held.skipped() == 3);
}

TEST_CASE("missing or mistyped columns name the param, port and columns", "[interaction_data]") {
    InteractionCounts counts;
    Table no_item;
    no_item.add_int64("user", {1});
    no_item.add_int64("product", {2});
    CHECK_THROWS_WITH(read_interactions(no_item, {}, "model.x", counts),
                      Catch::Contains("model.x") && Catch::Contains("item column 'item'") &&
                          Catch::Contains("'train'") && Catch::Contains("user, product"));
    Table floats;
    floats.add_int64("user", {1});
    floats.add_float64("item", {2.0});
    CHECK_THROWS_WITH(read_interactions(floats, {}, "model.x", counts), Catch::Contains("must be int64"));
    CHECK_THROWS_WITH(read_interactions(pairs({kNullInt}, {1}), {}, "model.x", counts),
                      Catch::Contains("no row with both a user and an item"));
    auto data = read_interactions(pairs({1}, {1}), {}, "op", counts);
    CHECK_THROWS_WITH(read_held_out(no_item, data, {}, "model.x", "valid"), Catch::Contains("'valid' table"));
}
