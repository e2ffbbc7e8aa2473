// transform.split on small hand-made tables: leave-one-out rows per user, temporal cuts, seeded random split.
#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>

#include "transform_test_support.h"

using namespace persona;
using namespace persona::testing;
using Catch::Matchers::Contains;

namespace {

// Sorted by (user, ts), ties in input order:
//   user 0: items 30 (ts 5), 32 (6), 31 (7)
//   user 1: items 11 (10), 12 (20), 13 (20, after 12 in the input), 10 (30)
//   user 2: items 21 (40), 20 (50)
Table history_table() {
    Table t;
    t.add_int64("user", {2, 1, 0, 1, 2, 1, 0, 1, 0});
    t.add_int64("ts", {50, 30, 5, 10, 40, 20, 7, 20, 6});
    t.add_int64("item", {20, 10, 30, 11, 21, 12, 31, 13, 32});
    return t;
}

using Ids = std::vector<int64_t>;

}  // namespace

TEST_CASE("split leave_one_out holds out the last and second-to-last row per user", "[split]") {
    auto run = run_transform("transform.split", history_table(), Json::object());
    CHECK(ints(run.table("train"), "item") == Ids{30, 11, 12, 21, 20});  // user 2 has 2 < 3 rows: all train
    CHECK(ints(run.table("valid"), "item") == Ids{32, 13});
    CHECK(ints(run.table("test"), "item") == Ids{31, 10});
    CHECK(ints(run.table("test"), "user") == Ids{0, 1});
    CHECK(run.table("train").num_columns() == 3);
    CHECK(run.notes["users_held_out"] == 2);
    CHECK(run.notes["users_short_history"] == 1);
}

TEST_CASE("split leave_one_out without valid and with a smaller min_history", "[split]") {
    auto no_valid = run_transform("transform.split", history_table(), {{"valid", false}});
    CHECK(ints(no_valid.table("train"), "item") == Ids{30, 32, 11, 12, 13, 21, 20});
    CHECK(no_valid.table("valid").rows() == 0);
    CHECK(ints(no_valid.table("test"), "item") == Ids{31, 10});

    auto short_ok = run_transform("transform.split", history_table(), {{"min_history", 2}});
    CHECK(ints(short_ok.table("train"), "item") == Ids{30, 11, 12});
    CHECK(ints(short_ok.table("valid"), "item") == Ids{32, 13, 21});
    CHECK(ints(short_ok.table("test"), "item") == Ids{31, 10, 20});
}

TEST_CASE("split leave_one_out groups string users in text order and keeps null users in train", "[split]") {
    Table t;
    t.add_string_codes("who", {0, 1, 0, -1, 1, 0, 1}, {"bob", "ann"});
    t.add_int64("ts", {1, 1, 2, 9, 2, 3, 3});
    t.add_int64("item", {1, 2, 3, 4, 5, 6, 7});
    auto run = run_transform("transform.split", t, {{"by", "who"}});
    CHECK(ints(run.table("test"), "item") == Ids{7, 6});  // ann first, then bob
    CHECK(ints(run.table("valid"), "item") == Ids{5, 3});
    CHECK(ints(run.table("train"), "item") == Ids{2, 1, 4});  // the null-user row last
    CHECK(run.notes["null_key_rows"] == 1);
}

TEST_CASE("split temporal cuts at global time quantiles; test holds the latest rows", "[split]") {
    Table t;
    t.add_int64("ts", {5, 1, 9, 3, 7, 2, 8, 4, 10, 6});
    t.add_int64("row", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    auto run = run_transform("transform.split", t, {{"method", "temporal"}});
    // 20% of 10 rows = 2 -> test from ts 9; 10% = 1 -> valid from ts 8; each part in input order.
    CHECK(ints(run.table("test"), "row") == Ids{2, 8});
    CHECK(ints(run.table("valid"), "row") == Ids{6});
    CHECK(ints(run.table("train"), "row") == Ids{0, 1, 3, 4, 5, 7, 9});
    CHECK(run.notes["test_start"] == 9);
    CHECK(run.notes["valid_start"] == 8);
}

TEST_CASE("split temporal keeps rows with the same time in the same part", "[split]") {
    Table t;
    t.add_int64("ts", {1, 2, 3, 3, 3});
    auto run = run_transform("transform.split", t, {{"method", "temporal"}, {"valid", false}});
    CHECK(ints(run.table("test"), "ts") == Ids{3, 3, 3});  // 20% is one row, the cut at ts 3 takes all three
    CHECK(ints(run.table("train"), "ts") == Ids{1, 2});
}

TEST_CASE("split random is reproducible by seed and has the asked sizes", "[split]") {
    Table t;
    Ids id(10000);
    std::iota(id.begin(), id.end(), 0);
    t.add_int64("id", id);
    auto a = run_transform("transform.split", t, {{"method", "random"}}, 7);
    auto b = run_transform("transform.split", t, {{"method", "random"}}, 7);
    auto c = run_transform("transform.split", t, {{"method", "random"}}, 8);
    CHECK(a.table("train").rows() == 7000);
    CHECK(a.table("valid").rows() == 1000);
    CHECK(a.table("test").rows() == 2000);
    CHECK(ints(a.table("test"), "id") == ints(b.table("test"), "id"));
    CHECK(ints(a.table("test"), "id") != ints(c.table("test"), "id"));

    Ids all = ints(a.table("train"), "id");
    for (const char* part : {"valid", "test"}) {
        Ids rows = ints(a.table(part), "id");
        CHECK(std::is_sorted(rows.begin(), rows.end()));  // input order
        all.insert(all.end(), rows.begin(), rows.end());
    }
    std::sort(all.begin(), all.end());
    CHECK(all == id);  // every row in exactly one part

    // The test part is spread over the whole table, not a block: each tenth holds roughly 200 of its rows.
    Ids test = ints(a.table("test"), "id");
    for (int64_t tenth = 0; tenth < 10; ++tenth) {
        auto n = std::count_if(test.begin(), test.end(), [&](int64_t v) { return v / 1000 == tenth; });
        CHECK(n > 140);
        CHECK(n < 260);
    }
}

TEST_CASE("split refuses fractions that leave no training rows", "[split]") {
    REQUIRE_THROWS_WITH(run_transform("transform.split", history_table(),
                                      {{"method", "random"}, {"valid_fraction", 0.5}, {"test_fraction", 0.5}}),
                        Contains("test_fraction"));
}

TEST_CASE("split names a missing column, its param and the table's columns", "[split]") {
    REQUIRE_THROWS_WITH(run_transform("transform.split", history_table(), {{"by", "customer"}}),
                        Contains("'customer'") && Contains("'by'") && Contains("user, ts, item"));
    REQUIRE_THROWS_WITH(run_transform("transform.split", history_table(), {{"method", "temporal"}, {"time", "when"}}),
                        Contains("'when'") && Contains("'time'"));
}
