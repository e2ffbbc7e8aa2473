// transform.sequences on a small hand-made table: order, ties, truncation, extra columns.
#include <catch2/catch.hpp>

#include "transform_test_support.h"

using namespace persona;
using namespace persona::testing;
using Catch::Matchers::Contains;

namespace {

// User 5 in time order: items 2 (ts 10), 3 (20), 4 (20, after 3 in the input), 1 (30). User 3: item 7.
Table events_table() {
    Table t;
    t.add_int64("user", {5, 3, 5, 5, 5});
    t.add_int64("item", {1, 7, 2, 3, 4});
    t.add_int64("ts", {30, 1, 10, 20, 20});
    t.add_string("event", {"view", "buy", "view", "cart", "buy"});  // codes: view 0, buy 1, cart 2
    t.add_float64("price", {1, 2, 3, 4, 5});
    return t;
}

using Ids = std::vector<int64_t>;

}  // namespace

TEST_CASE("sequences: one row per user, sorted by user, items in time order", "[sequences]") {
    auto run = run_transform("transform.sequences", events_table(), Json::object());
    const Table& seq = run.table("sequences");
    REQUIRE(seq.rows() == 2);
    CHECK(ints(seq, "user") == Ids{3, 5});
    CHECK(list_at(seq, "items", 0) == Ids{7});
    CHECK(list_at(seq, "items", 1) == Ids{2, 3, 4, 1});
    CHECK(ints(seq, "length") == Ids{1, 4});
    CHECK(seq.num_columns() == 3);
    CHECK(run.notes["users"] == 2);
}

TEST_CASE("sequences keeps the last max_length entries and the full length", "[sequences]") {
    auto run = run_transform("transform.sequences", events_table(), {{"max_length", 2}});
    const Table& seq = run.table("sequences");
    CHECK(list_at(seq, "items", 0) == Ids{7});
    CHECK(list_at(seq, "items", 1) == Ids{4, 1});
    CHECK(ints(seq, "length") == Ids{1, 4});
}

TEST_CASE("sequences adds extra columns as lists; strings become codes with a noted dictionary", "[sequences]") {
    auto run = run_transform("transform.sequences", events_table(), {{"extra", {"ts", "event"}}, {"max_length", 3}});
    const Table& seq = run.table("sequences");
    CHECK(list_at(seq, "ts", 1) == Ids{20, 20, 30});
    CHECK(list_at(seq, "event", 0) == Ids{1});
    CHECK(list_at(seq, "event", 1) == Ids{2, 1, 0});  // cart, buy, view
    CHECK(run.notes["event_dictionary"] == Json({"view", "buy", "cart"}));
    CHECK(seq.columns().back().name == "length");
}

TEST_CASE("sequences with time \"\" keeps the input order", "[sequences]") {
    auto run = run_transform("transform.sequences", events_table(), {{"time", ""}});
    CHECK(list_at(run.table("sequences"), "items", 1) == Ids{1, 2, 3, 4});
}

TEST_CASE("sequences with string users sorts them by text and leaves out null users", "[sequences]") {
    Table t;
    t.add_string_codes("user", {0, 1, -1, 0}, {"zed", "amy"});
    t.add_int64("item", {1, 2, 3, 4});
    t.add_int64("ts", {2, 1, 1, 1});
    auto run = run_transform("transform.sequences", t, Json::object());
    const Table& seq = run.table("sequences");
    CHECK(texts(seq, "user") == std::vector<std::string>{"amy", "zed"});
    CHECK(list_at(seq, "items", 1) == Ids{4, 1});
    CHECK(run.notes["null_user_rows"] == 1);
}

TEST_CASE("sequences refuses bad extra columns", "[sequences]") {
    REQUIRE_THROWS_WITH(run_transform("transform.sequences", events_table(), {{"extra", {"price"}}}),
                        Contains("price") && Contains("float64"));
    REQUIRE_THROWS_WITH(run_transform("transform.sequences", events_table(), {{"extra", {"when"}}}),
                        Contains("'when'") && Contains("'extra'") && Contains("user, item, ts, event, price"));
    REQUIRE_THROWS_WITH(run_transform("transform.sequences", events_table(), {{"item", "product"}}),
                        Contains("'product'") && Contains("'item'"));
}

TEST_CASE("sequences sorts widely spread int64 users numerically", "[sequences]") {
    // Ids far apart take the hash-table path of the grouping (a lookup table would be too big).
    const int64_t big = 1000000000000000;
    Table t;
    t.add_int64("user", {big, -5, 3 * big / 1000, big, -5, kNullInt});
    t.add_int64("item", {1, 2, 3, 4, 5, 6});
    t.add_int64("ts", {1, 1, 1, 2, 0, 0});
    auto run = run_transform("transform.sequences", t, Json::object());
    const Table& seq = run.table("sequences");
    CHECK(ints(seq, "user") == Ids{-5, 3 * big / 1000, big});
    CHECK(list_at(seq, "items", 0) == Ids{5, 2});
    CHECK(list_at(seq, "items", 2) == Ids{1, 4});
    CHECK(run.notes["null_user_rows"] == 1);
}
