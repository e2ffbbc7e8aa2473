// transform.clean on small hand-made tables: dedupe, every missing-value rule, z-score and IQR outliers.
#include <catch2/catch.hpp>

#include <cmath>

#include "transform_test_support.h"

using namespace persona;
using namespace persona::testing;
using Catch::Matchers::Contains;

namespace {

// user, item, score, name: rows 0 and 1 are exact duplicates; row 4 repeats row 2 except for score.
Table duplicates_table() {
    Table t;
    t.add_int64("user", {1, 1, 2, 1, 2});
    t.add_int64("item", {10, 10, 20, 11, 20});
    t.add_float64("score", {1.0, 1.0, 2.0, 1.0, 3.0});
    t.add_string("name", {"a", "a", "b", "c", "b"});
    return t;
}

}  // namespace

TEST_CASE("clean dedupe on all columns keeps the first of exact duplicates", "[clean]") {
    auto run = run_transform("transform.clean", duplicates_table(), {{"dedupe", true}});
    const Table& out = run.table("table");
    CHECK(out.rows() == 4);
    CHECK(ints(out, "user") == std::vector<int64_t>{1, 2, 1, 2});
    CHECK(floats(out, "score") == std::vector<double>{1.0, 2.0, 1.0, 3.0});
    CHECK(run.notes["duplicates_removed"] == 1);
}

TEST_CASE("clean dedupe_on compares only the named columns", "[clean]") {
    auto run = run_transform("transform.clean", duplicates_table(),
                             {{"dedupe", true}, {"dedupe_on", {"user", "item"}}});
    const Table& out = run.table("table");
    CHECK(ints(out, "item") == std::vector<int64_t>{10, 20, 11});
    CHECK(floats(out, "score") == std::vector<double>{1.0, 2.0, 1.0});
    CHECK(run.notes["duplicates_removed"] == 2);
}

TEST_CASE("clean dedupe treats nulls as equal and compares strings by text", "[clean]") {
    Table t;
    // codes 0 and 1 both mean "x": rows 0 and 1 are the same text; rows 2 and 3 are both null.
    t.add_string_codes("s", {0, 1, -1, -1, 2}, {"x", "x", "y"});
    t.add_float64("f", {1.0, 1.0, NAN, NAN, NAN});
    auto run = run_transform("transform.clean", t, {{"dedupe", true}});
    CHECK(texts(run.table("table"), "s") == std::vector<std::string>{"x", "", "y"});
    CHECK(run.notes["duplicates_removed"] == 2);
}

TEST_CASE("clean without options returns the table unchanged", "[clean]") {
    auto run = run_transform("transform.clean", duplicates_table(), Json::object());
    CHECK(run.table("table").rows() == 5);
    CHECK(ints(run.table("table"), "item") == std::vector<int64_t>{10, 10, 20, 11, 20});
}

TEST_CASE("clean missing=mean fills numeric nulls with the mean (int64 rounded)", "[clean]") {
    Table t;
    t.add_float64("f", {1.0, NAN, 2.0, 6.0, NAN});
    t.add_int64("i", {1, kNullInt, 2, 1, 3});  // mean of 1, 2, 1, 3 = 1.75 -> 2
    t.add_string("s", {"a", "", "b", "a", "c"});
    auto run = run_transform("transform.clean", t, {{"missing", "mean"}});
    const Table& out = run.table("table");
    CHECK(floats(out, "f") == std::vector<double>{1.0, 3.0, 2.0, 6.0, 3.0});
    CHECK(ints(out, "i") == std::vector<int64_t>{1, 2, 2, 1, 3});
    CHECK(texts(out, "s") == std::vector<std::string>{"a", "", "b", "a", "c"});  // not numeric: skipped
    CHECK(run.notes["missing_filled"] == 3);
}

TEST_CASE("clean missing=median takes the middle value or the mean of the two middles", "[clean]") {
    Table t;
    t.add_float64("even", {5.0, NAN, 1.0, 3.0, 10.0});  // 1 3 5 10 -> 4
    t.add_float64("odd", {7.0, NAN, 1.0, 3.0, NAN});    // 1 3 7 -> 3
    auto run = run_transform("transform.clean", t, {{"missing", "median"}});
    CHECK(floats(run.table("table"), "even") == std::vector<double>{5.0, 4.0, 1.0, 3.0, 10.0});
    CHECK(floats(run.table("table"), "odd") == std::vector<double>{7.0, 3.0, 1.0, 3.0, 3.0});
    CHECK(run.notes["missing_filled"] == 3);
}

TEST_CASE("clean missing=mode fills with the most frequent value, smallest on ties", "[clean]") {
    Table t;
    t.add_int64("i", {4, 2, 2, kNullInt, 4, 9});                  // 2 and 4 twice -> 2
    t.add_string_codes("s", {0, 1, -1, 0, 1, 2}, {"b", "a", "c"});  // a and b twice -> "a"
    t.add_float64("f", {1.5, 2.5, 2.5, NAN, 1.0, 1.0 + 0.5});       // 1.5 and 2.5 twice -> 1.5
    auto run = run_transform("transform.clean", t, {{"missing", "mode"}});
    const Table& out = run.table("table");
    CHECK(ints(out, "i") == std::vector<int64_t>{4, 2, 2, 2, 4, 9});
    CHECK(texts(out, "s") == std::vector<std::string>{"b", "a", "a", "b", "a", "c"});
    CHECK(floats(out, "f") == std::vector<double>{1.5, 2.5, 2.5, 1.5, 1.0, 1.5});
    CHECK(run.notes["missing_filled"] == 3);
}

TEST_CASE("clean missing=constant parses fill as each column's type", "[clean]") {
    Table t;
    t.add_int64("i", {kNullInt, 5});
    auto ints_run = run_transform("transform.clean", t, {{"missing", "constant"}, {"fill", "-7"}});
    CHECK(ints(ints_run.table("table"), "i") == std::vector<int64_t>{-7, 5});

    Table f;
    f.add_float64("f", {NAN, 5.0});
    auto floats_run = run_transform("transform.clean", f, {{"missing", "constant"}, {"fill", "0.25"}});
    CHECK(floats(floats_run.table("table"), "f") == std::vector<double>{0.25, 5.0});

    Table s;
    s.add_string("s", {"a", ""});  // "" becomes a real value; make the second cell null by hand
    s.column("s").ints[1] = kNullCode;
    auto text_run = run_transform("transform.clean", s, {{"missing", "constant"}, {"fill", "unknown"}});
    CHECK(texts(text_run.table("table"), "s") == std::vector<std::string>{"a", "unknown"});
    CHECK(text_run.notes["missing_filled"] == 1);
}

TEST_CASE("clean missing=constant refuses a fill that does not parse", "[clean]") {
    Table t;
    t.add_int64("age", {kNullInt, 5});
    REQUIRE_THROWS_WITH(run_transform("transform.clean", t, {{"missing", "constant"}, {"fill", "abc"}}),
                        Contains("abc") && Contains("age"));
    Table f;
    f.add_float64("price", {NAN, 5.0});
    REQUIRE_THROWS_WITH(run_transform("transform.clean", f, {{"missing", "constant"}, {"fill", "1.5x"}}),
                        Contains("price"));
}

TEST_CASE("clean missing=mean on a named string column is an error naming it", "[clean]") {
    Table t;
    t.add_string("city", {"x", "y"});
    REQUIRE_THROWS_WITH(
        run_transform("transform.clean", t, {{"missing", "median"}, {"missing_columns", {"city"}}}),
        Contains("city") && Contains("numeric"));
}

TEST_CASE("clean missing=drop drops rows with a null in the chosen columns", "[clean]") {
    Table t;
    t.add_int64("a", {1, kNullInt, 3, 4});
    t.add_float64("b", {1.0, 2.0, NAN, 4.0});
    auto all = run_transform("transform.clean", t, {{"missing", "drop"}});
    CHECK(ints(all.table("table"), "a") == std::vector<int64_t>{1, 4});
    CHECK(all.notes["missing_rows_dropped"] == 2);
    auto only_a = run_transform("transform.clean", t, {{"missing", "drop"}, {"missing_columns", {"a"}}});
    CHECK(ints(only_a.table("table"), "a") == std::vector<int64_t>{1, 3, 4});
    CHECK(only_a.notes["missing_rows_dropped"] == 1);
}

// x = 1 2 3 4 100: mean 22, population variance (441 + 400 + 361 + 324 + 6084) / 5 = 1522.
static Table zscore_table() {
    Table t;
    t.add_int64("id", {0, 1, 2, 3, 4});
    t.add_float64("x", {1, 2, 3, 4, 100});
    return t;
}

TEST_CASE("clean zscore drops values farther than z stds from the mean", "[clean]") {
    // z = 3: bounds 22 +- 117.04, nothing outside. z = 1.5: bounds 22 +- 58.52, 100 is outside.
    auto wide = run_transform("transform.clean", zscore_table(), {{"outliers", "zscore"}});
    CHECK(wide.table("table").rows() == 5);
    CHECK(wide.notes["outliers_removed"] == 0);
    auto narrow = run_transform("transform.clean", zscore_table(), {{"outliers", "zscore"}, {"z", 1.5}});
    CHECK(ints(narrow.table("table"), "id") == std::vector<int64_t>{0, 1, 2, 3});
    CHECK(narrow.notes["outliers_removed"] == 1);
}

TEST_CASE("clean zscore clip moves the value onto the bound", "[clean]") {
    auto run = run_transform("transform.clean", zscore_table(),
                             {{"outliers", "zscore"}, {"z", 1.5}, {"outlier_action", "clip"}});
    auto x = floats(run.table("table"), "x");
    REQUIRE(x.size() == 5);
    CHECK(x[3] == 4);
    CHECK(x[4] == Approx(22 + 1.5 * std::sqrt(1522.0)));
    CHECK(run.notes["outliers_clipped"] == 1);
}

// 1..7 and 100 (n = 8): Q1 = 2 + 0.75 = 2.75, Q3 = 6 + 0.25 = 6.25, IQR 3.5; factor 1.5 -> [-2.5, 11.5].
static Table iqr_table() {
    Table t;
    t.add_int64("n", {1, 2, 3, 4, 5, 6, 7, 100});
    t.add_float64("x", {1, 2, 3, 4, 5, 6, 7, 100});
    return t;
}

TEST_CASE("clean iqr drops values beyond Q1 - f*IQR or Q3 + f*IQR", "[clean]") {
    auto run = run_transform("transform.clean", iqr_table(), {{"outliers", "iqr"}});
    CHECK(run.table("table").rows() == 7);
    CHECK(run.notes["outliers_removed"] == 1);
    auto loose = run_transform("transform.clean", iqr_table(), {{"outliers", "iqr"}, {"iqr_factor", 30.0}});
    CHECK(loose.table("table").rows() == 8);  // Q3 + 30 * 3.5 = 111.25 > 100
}

TEST_CASE("clean iqr clip on float and named int64 columns", "[clean]") {
    auto run = run_transform("transform.clean", iqr_table(),
                             {{"outliers", "iqr"}, {"outlier_action", "clip"}, {"outlier_columns", {"n", "x"}}});
    CHECK(floats(run.table("table"), "x").back() == 11.5);
    CHECK(ints(run.table("table"), "n").back() == 11);  // the nearest integer inside [-2.5, 11.5]
    CHECK(run.notes["outliers_clipped"] == 2);
}

TEST_CASE("clean runs dedupe, then missing, then outliers", "[clean]") {
    Table t;
    t.add_float64("x", {1, 1, NAN, 2, 3, 4, 5, 6, 7, 100});
    // dedupe drops the second 1; median of 1 2 3 4 5 6 7 100 is 4.5 fills the null; then 100 is an IQR outlier.
    auto run = run_transform("transform.clean", t, {{"dedupe", true}, {"missing", "median"}, {"outliers", "iqr"}});
    CHECK(floats(run.table("table"), "x") == std::vector<double>{1, 4.5, 2, 3, 4, 5, 6, 7});
    CHECK(run.notes["duplicates_removed"] == 1);
    CHECK(run.notes["missing_filled"] == 1);
    CHECK(run.notes["outliers_removed"] == 1);
}

TEST_CASE("clean names a missing column, its param and the table's columns", "[clean]") {
    REQUIRE_THROWS_WITH(run_transform("transform.clean", duplicates_table(), {{"dedupe", true}, {"dedupe_on", {"usr"}}}),
                        Contains("'usr'") && Contains("dedupe_on") && Contains("user, item, score, name"));
    REQUIRE_THROWS_WITH(run_transform("transform.clean", duplicates_table(),
                                      {{"outliers", "zscore"}, {"outlier_columns", {"name"}}}),
                        Contains("'name'") && Contains("outlier_columns"));
}
