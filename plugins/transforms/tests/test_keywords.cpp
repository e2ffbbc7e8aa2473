// transform.keywords on hand-made product names: words, stop words, plural merging, row-count limits, errors.
#include <catch2/catch.hpp>

#include "transform_test_support.h"

using namespace persona;
using namespace persona::testing;
using Catch::Matchers::Contains;

namespace {

// Words per name (after dropping short words, digits and stop words; "bags" counts as "bag"):
// 1 white hanging heart light holder · 2 red heart bag · 3 jumbo bag red · 4 set cake tins · 5 (null)
// 6 (none: "the" is a stop word, "a" too short) · 7 glass jar ("glass" is no plural of "glas").
// Rows having each word: heart 2, red 2, bag 2, every other word 1.
Table items() {
    Table t;
    t.add_int64("item", {1, 2, 3, 4, 5, 6, 7});
    StringColumnBuilder names;
    for (const char* name : {"WHITE HANGING HEART T-LIGHT HOLDER", "RED HEART BAGS", "JUMBO BAG RED", "SET OF 3 CAKE TINS"})
        names.push(name);
    names.push_null();
    names.push("THE A");
    names.push("GLASS JAR");
    t.add(names.finish("name"));
    return t;
}

std::vector<std::string> cells(const StepRun& run, const std::string& column = "name_keywords") {
    const Column& c = run.table("table").column(column);
    std::vector<std::string> out;
    for (int64_t r = 0; r < run.table("table").rows(); ++r) out.push_back(c.is_null(r) ? "(null)" : std::string(c.text(r)));
    return out;
}

}  // namespace

TEST_CASE("keywords keep words found in enough rows but not in too many", "[keywords]") {
    // Defaults: at least 2 rows, at most half of the 6 rows with text (3).
    const StepRun run = run_transform("transform.keywords", items(), {{"column", "name"}});
    CHECK(cells(run) == std::vector<std::string>{"heart", "red|heart|bag", "bag|red", "(null)", "(null)", "(null)", "(null)"});
    CHECK(ints(run.table("table"), "item") == std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7});  // input columns kept
    CHECK(texts(run.table("vocabulary"), "keyword") == std::vector<std::string>{"bag", "heart", "red"});
    CHECK(ints(run.table("vocabulary"), "rows") == std::vector<int64_t>{2, 2, 2});
    CHECK(run.notes["null_texts"] == 1);
    CHECK(run.notes["rows_without_keywords"] == 3);
    CHECK(run.notes["vocabulary"]["words"] == 13);
    CHECK(run.notes["vocabulary"]["kept"] == 3);
    REQUIRE(run.warnings.size() == 1);
    CHECK(run.warnings[0] == "3 of 6 rows with text have no kept keyword");
}

TEST_CASE("keywords: every word with min_rows 1; plural merging, stop words and the share limit", "[keywords]") {
    const StepRun all = run_transform("transform.keywords", items(), {{"column", "name"}, {"min_rows", 1}, {"max_share", 1.0}});
    CHECK(cells(all) == std::vector<std::string>{"white|hanging|heart|light|holder", "red|heart|bag", "jumbo|bag|red",
                                                 "set|cake|tins", "(null)", "(null)", "glass|jar"});
    const StepRun plurals = run_transform("transform.keywords", items(),
                                          {{"column", "name"}, {"min_rows", 1}, {"max_share", 1.0}, {"merge_plurals", false}});
    CHECK(cells(plurals)[1] == "red|heart|bags");
    const StepRun stop = run_transform("transform.keywords", items(),
                                       {{"column", "name"}, {"stopwords", {"Heart", "RED"}}, {"output", "kw"}});
    CHECK(cells(stop, "kw") == std::vector<std::string>{"(null)", "bag", "bag", "(null)", "(null)", "(null)", "(null)"});
    const StepRun english = run_transform("transform.keywords", items(), {{"column", "name"}, {"min_rows", 1}, {"english", false}});
    CHECK(cells(english)[5] == "the");
    // At most 30% of 6 rows = 1.8: the words of two rows go.
    const StepRun rare = run_transform("transform.keywords", items(), {{"column", "name"}, {"min_rows", 1}, {"max_share", 0.3}});
    CHECK(cells(rare)[0] == "white|hanging|light|holder");
    CHECK(cells(rare)[1] == "(null)");
}

TEST_CASE("keywords keep non-ASCII letters inside words and lower-case ASCII only", "[keywords]") {
    Table t;
    t.add_string("name", {"CRÈME BRÛLÉE set", "Crème jar"});
    const StepRun run = run_transform("transform.keywords", t, {{"column", "name"}, {"min_rows", 1}, {"max_share", 1.0}});
    CHECK(cells(run) == std::vector<std::string>{"crÈme|brÛlÉe|set", "crème|jar"});
}

TEST_CASE("keywords errors name the column and the param", "[keywords]") {
    CHECK_THROWS_WITH(run_transform("transform.keywords", items(), {{"column", "item"}}),
                      Contains("'item'") && Contains("param 'column'") && Contains("string column"));
    CHECK_THROWS_WITH(run_transform("transform.keywords", items(), {{"column", "title"}}), Contains("'title'") && Contains("name"));
    CHECK_THROWS_WITH(run_transform("transform.keywords", items(), {{"column", "name"}, {"output", "item"}}),
                      Contains("'item' exists already"));
    CHECK_THROWS_WITH(run_transform("transform.keywords", items(), {{"column", "name"}, {"max_share", 1.5}}), Contains("max_share"));
    CHECK_THROWS_WITH(run_transform("transform.keywords", items(), {{"column", "name"}, {"min_rows", 0}}), Contains("min_rows"));
}
