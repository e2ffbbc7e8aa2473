// Tests of transform.bins: the MovieLens-1M age groups on hand-picked ages, default labels, errors.
#include <catch2/catch.hpp>

#include <cmath>

#include "classification_test.h"

using classification_test::notes_of;
using classification_test::run;
using persona::Json;
using persona::Table;

namespace {

const Json kAgeGroups{{"column", "age"},
                      {"edges", {18, 25, 35, 45, 50, 56}},
                      {"labels", {"under 18", "18-24", "25-34", "35-44", "45-49", "50-55", "56+"}},
                      {"output", "age_group"}};

persona::Inputs table_of(Table t) { return persona::testing::table_input("table", std::move(t)); }

std::vector<std::string> texts(const persona::Column& column) {
    std::vector<std::string> out;
    for (int64_t row = 0; row < column.size(); ++row) out.push_back(column.is_null(row) ? "<null>" : std::string(column.text(row)));
    return out;
}

}  // namespace

TEST_CASE("bins cut ages into the MovieLens-1M age groups, edges belonging to the band above", "[bins]") {
    Table users;
    users.add_int64("user", {1, 2, 3, 4, 5, 6, 7, 8, 9});
    users.add_int64("age", {7, 17, 18, 24, 25, 49, 50, 56, persona::kNullInt});
    auto out = run("transform.bins", table_of(users), kAgeGroups).at("table")->table();
    CHECK(out.column("user").ints == users.column("user").ints);  // the input columns stay
    CHECK(out.column("age").ints == users.column("age").ints);
    CHECK(texts(out.column("age_group")) ==
          std::vector<std::string>{"under 18", "under 18", "18-24", "18-24", "25-34", "45-49", "50-55", "56+", "<null>"});
    Json notes = notes_of("transform.bins", table_of(users), kAgeGroups);
    CHECK(notes.at("null_values") == 1);
    CHECK(notes.at("rows_per_band").at("under 18") == 2);
    CHECK(notes.at("rows_per_band").at("35-44") == 0);
}

TEST_CASE("bins without labels name the bands by their edges", "[bins]") {
    Table t;
    t.add_float64("score", {-1.5, 0.0, 0.25, 2.5, NAN});
    auto out = run("transform.bins", table_of(t), Json{{"column", "score"}, {"edges", {0, 0.5}}}).at("table")->table();
    CHECK(texts(out.column("score_band")) == std::vector<std::string>{"< 0", "0-0.5", "0-0.5", ">= 0.5", "<null>"});
}

TEST_CASE("bins errors say what was expected", "[bins]") {
    Table t;
    t.add_int64("age", {20});
    t.add_string("city", {"paris"});
    CHECK_THROWS_WITH(run("transform.bins", table_of(t), Json{{"column", "age"}, {"edges", {30, 20}}}),
                      Catch::Contains("strictly increasing"));
    CHECK_THROWS_WITH(run("transform.bins", table_of(t), Json{{"column", "age"}, {"edges", {30}}, {"labels", {"young"}}}),
                      Catch::Contains("1 labels") && Catch::Contains("2 bands"));
    CHECK_THROWS_WITH(run("transform.bins", table_of(t), Json{{"column", "agee"}, {"edges", {30}}}),
                      Catch::Contains("'agee'") && Catch::Contains("age, city"));
    CHECK_THROWS_WITH(run("transform.bins", table_of(t), Json{{"column", "city"}, {"edges", {30}}}),
                      Catch::Contains("'city'") && Catch::Contains("int64 or float64"));
    CHECK_THROWS_WITH(run("transform.bins", table_of(t), Json{{"column", "age"}, {"edges", {30}}, {"output", "city"}}),
                      Catch::Contains("already has a column 'city'"));
}
