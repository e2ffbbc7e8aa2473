// Tests of model.popularity: counts, the recent-days window, bad rows, errors and the bytes round trip.
#include <catch2/catch.hpp>

#include "persona/persona.h"
#include "plugin_test.h"

using persona::Json;
using persona::Table;
using persona::testing::registry_with;
using persona::testing::table_input;

namespace {

Table interactions(std::vector<int64_t> users, std::vector<int64_t> items, std::vector<int64_t> ts) {
    Table t;
    t.add_int64("user", std::move(users));
    t.add_int64("item", std::move(items));
    t.add_int64("ts", std::move(ts));
    return t;
}

persona::Model train_popularity(Table table, Json params = Json::object()) {
    auto out = persona::kernel::invoke(registry_with("persona_models"), "model.popularity",
                                       table_input("train", std::move(table)), params);
    return out.at("model")->model();
}

// Scores of one user with an empty history, in the model's item order.
std::vector<float> scores_of(const persona::Model& model) {
    auto rec = registry_with("persona_models").load_recommender(model);
    std::vector<float> scores(rec->item_ids().size());
    rec->score({persona::UserHistory{}}, scores.data());
    return scores;
}

constexpr int64_t kDay = 86400;

}  // namespace

TEST_CASE("popularity counts interactions per item", "[popularity]") {
    // item 3 three times, item 1 twice, item 2 once.
    auto model = train_popularity(interactions({1, 1, 2, 2, 3, 3}, {3, 1, 3, 2, 3, 1}, {0, 1, 2, 3, 4, 5}));
    CHECK(model.format == "popularity");
    auto rec = registry_with("persona_models").load_recommender(model);
    CHECK(rec->item_ids() == std::vector<int64_t>{1, 2, 3});
    CHECK(scores_of(model) == std::vector<float>{2, 1, 3});
    CHECK(model.metadata.at("items") == 3);
}

TEST_CASE("popularity scores every user of a batch the same", "[popularity]") {
    auto model = train_popularity(interactions({1, 2, 2}, {5, 5, 7}, {0, 0, 0}));
    auto rec = registry_with("persona_models").load_recommender(model);
    int64_t history[] = {5};
    std::vector<float> scores(2 * 2);
    rec->score({persona::UserHistory{1, history, 1}, persona::UserHistory{2, nullptr, 0}}, scores.data());
    CHECK(scores == std::vector<float>{2, 1, 2, 1});
}

TEST_CASE("popularity recent_days counts only the last days of the time column", "[popularity]") {
    // Latest ts is day 10. recent_days 2 -> window starts at day 8: rows at day 8, 9, 10 count.
    // item 1: days 0, 1, 9 -> 1 in window; item 2: day 8, 10 -> 2; item 3: day 2 -> 0 (still known).
    auto table = interactions({1, 1, 1, 2, 2, 3}, {1, 1, 1, 2, 2, 3},
                              {0 * kDay, 1 * kDay, 9 * kDay, 8 * kDay, 10 * kDay, 2 * kDay});
    auto all = train_popularity(table);
    CHECK(scores_of(all) == std::vector<float>{3, 2, 1});
    auto recent = train_popularity(table, Json{{"recent_days", 2}});
    CHECK(scores_of(recent) == std::vector<float>{1, 2, 0});
}

TEST_CASE("popularity skips rows with a null item and counts them", "[popularity]") {
    auto model = train_popularity(interactions({1, 2, 3}, {4, persona::kNullInt, 4}, {0, 0, 0}));
    CHECK(scores_of(model) == std::vector<float>{2});
}

TEST_CASE("popularity says which column is missing or mistyped", "[popularity]") {
    Table t;
    t.add_int64("user", {1});
    t.add_string("product", {"a"});
    CHECK_THROWS_WITH(train_popularity(t), Catch::Contains("'item'") && Catch::Contains("product"));
    CHECK_THROWS_WITH(train_popularity(t, Json{{"item", "product"}}), Catch::Contains("must be int64"));
    Table no_time;
    no_time.add_int64("item", {1});
    CHECK_THROWS_WITH(train_popularity(no_time, Json{{"recent_days", 3}}), Catch::Contains("'ts'"));
    CHECK_THROWS_WITH(train_popularity(no_time, Json{{"recent_days", -1}}), Catch::Contains("recent_days"));
}

TEST_CASE("popularity model survives the artifact bytes round trip", "[popularity]") {
    auto artifact = persona::make_artifact(train_popularity(interactions({1, 2, 3}, {9, 8, 9}, {0, 0, 0})));
    auto copy = persona::Artifact::deserialize(artifact->serialize());
    CHECK(scores_of(copy.model()) == scores_of(artifact->model()));
    persona::Model broken = copy.model();
    broken.bytes.resize(broken.bytes.size() - 3);
    CHECK_THROWS_AS(scores_of(broken), persona::Error);
}
