// Tests of transform.tfidf on hand-made events whose weights are computed by hand in the comments.
#include <catch2/catch.hpp>

#include <cmath>

#include "classification_test.h"

using classification_test::notes_of;
using classification_test::run;
using classification_test::vector_row;
using persona::Json;
using persona::Table;

namespace {

// user 1 rated item 10 (4 stars) and 20 (2); user 2 rated 10 (5); user 3 rated 20 (1) and 30 (3).
// 3 users; df: item 10 -> 2, item 20 -> 2, item 30 -> 1.
// Smoothed idf = ln((1 + 3) / (1 + df)) + 1: df 2 -> ln(4/3) + 1 = 1.2876821, df 1 -> ln 2 + 1 = 1.6931472.
Table ratings() {
    Table t;
    t.add_int64("user", {1, 1, 2, 3, 3});
    t.add_int64("item", {10, 20, 10, 20, 30});
    t.add_int64("rating", {4, 2, 5, 1, 3});
    return t;
}

constexpr double kIdf2 = 1.2876821;  // df 2
constexpr double kIdf1 = 1.6931472;  // df 1

persona::Inputs events(Table t) { return persona::testing::table_input("events", std::move(t)); }

void check_row(const Table& vectors, const std::string& column, int64_t row, std::vector<double> expected) {
    const auto got = vector_row(vectors, column, row);
    REQUIRE(got.size() == expected.size());
    for (size_t j = 0; j < expected.size(); ++j) {
        INFO("row " << row << " component " << j);
        CHECK(got[j] == Approx(expected[j]).margin(1e-6));
    }
}

}  // namespace

TEST_CASE("tfidf counts events as term frequency and weights them by the smoothed idf", "[tfidf]") {
    auto out = run("transform.tfidf", events(ratings()), Json{{"norm", "none"}});
    const Table& vectors = out.at("vectors")->table();
    CHECK(vectors.column("user").ints == std::vector<int64_t>{1, 2, 3});
    REQUIRE(vectors.column("tfidf").width == 3);
    check_row(vectors, "tfidf", 0, {kIdf2, kIdf2, 0});  // tf 1 for items 10 and 20
    check_row(vectors, "tfidf", 1, {kIdf2, 0, 0});
    check_row(vectors, "tfidf", 2, {0, kIdf2, kIdf1});

    const Table& vocabulary = out.at("vocabulary")->table();
    CHECK(vocabulary.column("position").ints == std::vector<int64_t>{0, 1, 2});
    CHECK(vocabulary.column("item").ints == std::vector<int64_t>{10, 20, 30});
    CHECK(vocabulary.column("df").ints == std::vector<int64_t>{2, 2, 1});
    CHECK(vocabulary.column("idf").floats[2] == Approx(kIdf1));
}

TEST_CASE("tfidf l2-normalises rows and uses a value column as tf, optionally sublinear", "[tfidf]") {
    // l2: user 1 = (a, a, 0) / (a sqrt 2) = (0.7071068, 0.7071068, 0); user 3 = (0, 1.2876821, 1.6931472) / 2.1271747.
    auto l2 = run("transform.tfidf", events(ratings()), Json::object()).at("vectors")->table();
    check_row(l2, "tfidf", 0, {0.7071068, 0.7071068, 0});
    check_row(l2, "tfidf", 2, {0, 0.6053485, 0.7959605});

    // tf = rating: user 1 = (4 x 1.2876821, 2 x 1.2876821, 0).
    auto rated = run("transform.tfidf", events(ratings()), Json{{"value", "rating"}, {"norm", "none"}});
    check_row(rated.at("vectors")->table(), "tfidf", 0, {5.1507283, 2.5753641, 0});

    // sublinear: tf -> 1 + ln(tf): user 1 = ((1 + ln 4) x 1.2876821, (1 + ln 2) x 1.2876821, 0) = (3.0727885, 2.1802353, 0).
    auto sublinear = run("transform.tfidf", events(ratings()),
                         Json{{"value", "rating"}, {"norm", "none"}, {"sublinear", true}, {"output", "w"}});
    check_row(sublinear.at("vectors")->table(), "w", 0, {3.0727885, 2.1802353, 0});
}

TEST_CASE("tfidf raw mode gives the plain rating vector", "[tfidf]") {
    auto out = run("transform.tfidf", events(ratings()), Json{{"mode", "raw"}, {"value", "rating"}, {"norm", "none"}});
    const Table& vectors = out.at("vectors")->table();
    check_row(vectors, "raw", 0, {4, 2, 0});
    check_row(vectors, "raw", 1, {5, 0, 0});
    check_row(vectors, "raw", 2, {0, 1, 3});
    // l1: user 3 = (0, 1, 3) / 4.
    auto l1 = run("transform.tfidf", events(ratings()), Json{{"mode", "raw"}, {"value", "rating"}, {"norm", "l1"}});
    check_row(l1.at("vectors")->table(), "raw", 2, {0, 0.25, 0.75});
}

TEST_CASE("tfidf min_df and max_terms choose the vocabulary", "[tfidf]") {
    // min_df 2 drops item 30 (df 1): user 3 keeps only item 20.
    auto out = run("transform.tfidf", events(ratings()), Json{{"mode", "raw"}, {"value", "rating"}, {"norm", "none"}, {"min_df", 2}});
    CHECK(out.at("vocabulary")->table().column("item").ints == std::vector<int64_t>{10, 20});
    check_row(out.at("vectors")->table(), "raw", 2, {0, 1});
    // max_terms 1: items 10 and 20 tie at df 2, the lower one (10) is kept; user 3 is then all zero.
    auto one = run("transform.tfidf", events(ratings()), Json{{"mode", "raw"}, {"norm", "none"}, {"max_terms", 1}});
    CHECK(one.at("vocabulary")->table().column("item").ints == std::vector<int64_t>{10});
    check_row(one.at("vectors")->table(), "raw", 2, {0});
    Json notes = notes_of("transform.tfidf", events(ratings()), Json{{"mode", "raw"}, {"max_terms", 1}});
    CHECK(notes.at("empty_users") == 1);
}

TEST_CASE("tfidf sums repeated events and counts rows with nulls", "[tfidf]") {
    Table t;
    t.add_int64("user", {1, 1, 1, 2, persona::kNullInt});
    t.add_int64("item", {10, 10, persona::kNullInt, 20, 20});
    t.add_float64("rating", {4, 1, 3, NAN, 2});
    // Count mode: user 1 has item 10 twice (tf 2); the null-item row and the null-user row are bad.
    auto counts = run("transform.tfidf", events(t), Json{{"mode", "raw"}, {"norm", "none"}});
    check_row(counts.at("vectors")->table(), "raw", 0, {2, 0});
    check_row(counts.at("vectors")->table(), "raw", 1, {0, 1});
    CHECK(notes_of("transform.tfidf", events(t), Json{{"mode", "raw"}}).at("bad_rows") == 2);
    // Value mode: the NaN rating of user 2 is bad too, so user 2 has no row; user 1 has 4 + 1.
    auto values = run("transform.tfidf", events(t), Json{{"mode", "raw"}, {"value", "rating"}, {"norm", "none"}});
    CHECK(values.at("vectors")->table().column("user").ints == std::vector<int64_t>{1});
    check_row(values.at("vectors")->table(), "raw", 0, {5});
    CHECK(notes_of("transform.tfidf", events(t), Json{{"mode", "raw"}, {"value", "rating"}}).at("bad_rows") == 3);
}

TEST_CASE("tfidf over an item attribute gives genre shares", "[tfidf]") {
    // Item 10 is Action and Comedy, 20 Comedy, 30 has no genre.
    Table items;
    items.add_int64("item", {10, 20, 30});
    items.add_string("genres", {"Action|Comedy", "Comedy", ""});
    persona::Inputs in = events(ratings());
    in.ports["items"].push_back({"items", persona::make_artifact(items)});
    Json params{{"mode", "raw"}, {"norm", "l1"}, {"attribute", "genres"}};
    auto out = run("transform.tfidf", in, params);
    CHECK(out.at("vocabulary")->table().column("term").text(0) == "Action");
    CHECK(out.at("vocabulary")->table().column("term").text(1) == "Comedy");
    // user 1: items 10, 20 -> Action 1, Comedy 2 -> shares 1/3, 2/3; user 2: item 10 -> 1/2, 1/2;
    // user 3: item 20 -> Comedy only (item 30 has no genre).
    const Table& vectors = out.at("vectors")->table();
    check_row(vectors, "raw", 0, {1.0 / 3, 2.0 / 3});
    check_row(vectors, "raw", 1, {0.5, 0.5});
    check_row(vectors, "raw", 2, {0, 1});
    CHECK(notes_of("transform.tfidf", in, params).at("items_without_terms") == 1);
}

TEST_CASE("tfidf errors name the param and what was expected", "[tfidf]") {
    CHECK_THROWS_WITH(run("transform.tfidf", events(ratings()), Json{{"mode", "raw"}, {"sublinear", true}}),
                      Catch::Contains("sublinear") && Catch::Contains("tfidf"));
    CHECK_THROWS_WITH(run("transform.tfidf", events(ratings()), Json{{"attribute", "genres"}}),
                      Catch::Contains("'items'"));
    CHECK_THROWS_WITH(run("transform.tfidf", events(ratings()), Json{{"min_df", 4}}),
                      Catch::Contains("no term is left") && Catch::Contains("min_df"));
    CHECK_THROWS_WITH(run("transform.tfidf", events(ratings()), Json{{"value", "stars"}}),
                      Catch::Contains("'stars'") && Catch::Contains("'value'") && Catch::Contains("rating"));
    Table text_users = ratings();
    text_users.drop("user");
    text_users.add_string("user", {"a", "a", "b", "c", "c"});
    CHECK_THROWS_WITH(run("transform.tfidf", events(text_users), Json::object()),
                      Catch::Contains("'user'") && Catch::Contains("int64"));
}
