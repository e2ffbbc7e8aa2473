// transform.filter on small hand-made tables: k-core iteration, events, time window, non-null columns.
#include <catch2/catch.hpp>

#include <cmath>

#include "transform_test_support.h"

using namespace persona;
using namespace persona::testing;
using Catch::Matchers::Contains;

namespace {

// Users 1..4 and string items A, B, C. With minimum 2 per user and per item:
// round 1 drops user 4 (row 6), then item C falls to one row (row 3) and goes;
// round 2 drops user 2, now down to one row (row 2); round 3 changes nothing.
Table core_table() {
    Table t;
    t.add_int64("user", {1, 1, 2, 2, 3, 3, 4});
    t.add_string("item", {"A", "B", "A", "C", "B", "A", "C"});
    t.add_int64("row", {0, 1, 2, 3, 4, 5, 6});
    return t;
}

}  // namespace

TEST_CASE("filter core repeats user and item minimums until both hold", "[filter]") {
    auto run = run_transform("transform.filter", core_table(), {{"min_user", 2}, {"min_item", 2}, {"core", true}});
    CHECK(ints(run.table("table"), "row") == std::vector<int64_t>{0, 1, 4, 5});
    CHECK(run.notes["rows_removed_min_user"] == 2);
    CHECK(run.notes["rows_removed_min_item"] == 1);
    CHECK(run.notes["count_filter_rounds"] == 3);
    CHECK(run.notes["rows_kept"] == 4);
}

TEST_CASE("filter core gives the same rows for widely spread user ids", "[filter]") {
    Table t = core_table();
    for (auto& user : t.column("user").ints) user *= 1000000000000;  // hash-table grouping instead of a lookup table
    auto run = run_transform("transform.filter", t, {{"min_user", 2}, {"min_item", 2}, {"core", true}});
    CHECK(ints(run.table("table"), "row") == std::vector<int64_t>{0, 1, 4, 5});
}

TEST_CASE("filter without core runs one user pass then one item pass", "[filter]") {
    auto run = run_transform("transform.filter", core_table(), {{"min_user", 2}, {"min_item", 2}});
    CHECK(ints(run.table("table"), "row") == std::vector<int64_t>{0, 1, 2, 4, 5});  // user 2 keeps one row
    CHECK(run.notes["rows_removed_min_user"] == 1);
    CHECK(run.notes["rows_removed_min_item"] == 1);
}

TEST_CASE("filter min_item alone counts rows per item", "[filter]") {
    auto run = run_transform("transform.filter", core_table(), {{"min_item", 3}});
    CHECK(ints(run.table("table"), "row") == std::vector<int64_t>{0, 2, 5});  // only A has 3 rows
    CHECK(run.notes["rows_removed_min_item"] == 4);
}

TEST_CASE("filter events keeps only the listed event values", "[filter]") {
    Table t;
    t.add_string_codes("event", {0, 1, 2, 0, -1}, {"view", "cart", "buy"});
    t.add_int64("row", {0, 1, 2, 3, 4});
    auto run = run_transform("transform.filter", t, {{"events", {"buy", "cart"}}});
    CHECK(ints(run.table("table"), "row") == std::vector<int64_t>{1, 2});
    CHECK(run.notes["rows_removed_event"] == 3);

    Table coded;
    coded.add_int64("kind", {1, 2, 2, 3});
    auto by_int = run_transform("transform.filter", coded, {{"event", "kind"}, {"events", {"2", "3"}}});
    CHECK(ints(by_int.table("table"), "kind") == std::vector<int64_t>{2, 2, 3});
    REQUIRE_THROWS_WITH(run_transform("transform.filter", coded, {{"event", "kind"}, {"events", {"buy"}}}),
                        Contains("buy") && Contains("kind"));
}

TEST_CASE("filter time window in unix seconds: start inclusive, end exclusive", "[filter]") {
    Table t;
    t.add_int64("ts", {100, 200, 300, 400, kNullInt});
    auto run = run_transform("transform.filter", t, {{"start", "200"}, {"end", "400"}});
    CHECK(ints(run.table("table"), "ts") == std::vector<int64_t>{200, 300});
    CHECK(run.notes["rows_removed_time"] == 3);  // 100, 400 and the null time
}

TEST_CASE("filter time window from dates (UTC)", "[filter]") {
    // 2024-01-01 00:00:00 = 1704067200, 2024-01-01 12:00:00 = 1704110400, 2024-01-02 = 1704153600.
    Table t;
    t.add_int64("when", {1704067199, 1704067200, 1704110400, 1704153600});
    auto day = run_transform("transform.filter", t, {{"time", "when"}, {"start", "2024-01-01"}, {"end", "2024-01-02"}});
    CHECK(ints(day.table("table"), "when") == std::vector<int64_t>{1704067200, 1704110400});
    auto noon = run_transform("transform.filter", t, {{"time", "when"}, {"start", "2024-01-01 12:00:00"}});
    CHECK(ints(noon.table("table"), "when") == std::vector<int64_t>{1704110400, 1704153600});

    Table f;
    f.add_float64("ts", {1704067199.5, 1704067200.0, NAN, 1704153600.0});
    auto floats_run = run_transform("transform.filter", f, {{"start", "2024-01-01"}, {"end", "2024-01-02T00:00:00"}});
    CHECK(floats(floats_run.table("table"), "ts") == std::vector<double>{1704067200.0});
}

TEST_CASE("filter refuses a time bound that is neither seconds nor a date", "[filter]") {
    Table t;
    t.add_int64("ts", {1});
    REQUIRE_THROWS_WITH(run_transform("transform.filter", t, {{"start", "2024-13-01"}}),
                        Contains("'start'") && Contains("2024-13-01") && Contains("YYYY-MM-DD"));
    REQUIRE_THROWS_WITH(run_transform("transform.filter", t, {{"end", "yesterday"}}), Contains("'end'"));
}

TEST_CASE("filter where_not_null drops rows with nulls in the named columns", "[filter]") {
    Table t;
    t.add_float64("rating", {1.0, NAN, 3.0});
    t.add_string_codes("tag", {0, 0, -1}, {"x"});
    auto one = run_transform("transform.filter", t, {{"where_not_null", {"rating"}}});
    CHECK(floats(one.table("table"), "rating") == std::vector<double>{1.0, 3.0});
    CHECK(one.notes["rows_removed_null"] == 1);
    auto both = run_transform("transform.filter", t, {{"where_not_null", {"rating", "tag"}}});
    CHECK(both.table("table").rows() == 1);
    CHECK(both.notes["rows_removed_null"] == 2);
}

TEST_CASE("filter names a missing column, its param and the table's columns", "[filter]") {
    REQUIRE_THROWS_WITH(run_transform("transform.filter", core_table(), {{"min_user", 2}, {"user", "uid"}}),
                        Contains("'uid'") && Contains("'user'") && Contains("user, item, row"));
    REQUIRE_THROWS_WITH(run_transform("transform.filter", core_table(), {{"start", "5"}}),
                        Contains("'ts'") && Contains("'time'"));
}
