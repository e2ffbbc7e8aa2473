// Tests of profile.interests: decayed weights, multi-valued attributes, price bands, lift, top tags.
#include <catch2/catch.hpp>

#include "profiles_test_support.h"

using namespace persona;
using namespace persona::testing;

namespace {

// item 1: genre "Comedy|Drama", price 5, tags [7, 8]; item 2: "Drama", 25, [8]; item 3: "Horror", 60, [9].
Table items() {
    Table t;
    t.add_int64("item", {1, 2, 3});
    t.add_string("genre", {"Comedy|Drama", "Drama", "Horror"});
    t.add_float64("price", {5, 25, 60});
    t.add_list("tags", {0, 2, 3, 4}, {7, 8, 8, 9});
    return t;
}

// Reference 2024-01-11, half-life 10 days:
// user 1: item 1 on 01-11 (weight 1), item 2 on 01-01 (10 days old: weight 0.5, a view);
// user 2: item 3 on 01-11 (weight 1), item 4 on 01-11 (not in items: counted, skipped).
Table events() {
    Table t;
    t.add_int64("user", {1, 1, 2, 2});
    t.add_int64("item", {1, 2, 3, 4});
    t.add_int64("ts", {utc(2024, 1, 11), utc(2024, 1, 1), utc(2024, 1, 11), utc(2024, 1, 11)});
    t.add_string("type", {"purchase", "view", "purchase", "purchase"});
    return t;
}

Json params(Json extra = Json::object()) {
    Json p = {{"attributes", {"genre"}}, {"half_life_days", 10},
              {"reference_date", "2024-01-11"}, {"top_n", 3}};
    for (auto& [k, v] : extra.items()) p[k] = v;
    return p;
}

}  // namespace

TEST_CASE("interests: decayed, split, normalised weights with lift against the population", "[interests]") {
    auto out = run_profile("profile.interests", {{"events", events()}, {"items", items()}},
                           params({{"price_bands", {10, 50}}}));
    const Table& in = table_of(out, "interests");
    // genre: user 1 Comedy 1 x 1/2 = 0.5, Drama 0.5 + 0.5 = 1.0 (sum 1.5 -> 1/3, 2/3); user 2 Horror 1.
    // price_band (<10, 10-50, >=50): user 1 <10 1.0, 10-50 0.5 (2/3, 1/3); user 2 >=50 1.
    // Per user: attribute order, strongest first.
    CHECK(ints(in, "user") == std::vector<int64_t>{1, 1, 1, 1, 2, 2});
    CHECK(texts(in, "attribute") ==
          std::vector<std::string>{"genre", "genre", "price_band", "price_band", "genre", "price_band"});
    CHECK(texts(in, "value") == std::vector<std::string>{"Drama", "Comedy", "<10", "10-50", "Horror", ">=50"});
    const auto& w = floats(in, "weight");
    CHECK(w[0] == Approx(2.0 / 3));
    CHECK(w[1] == Approx(1.0 / 3));
    CHECK(w[2] == Approx(2.0 / 3));
    CHECK(w[3] == Approx(1.0 / 3));
    CHECK(w[4] == Approx(1.0));
    CHECK(floats(in, "strength")[0] == Approx(1.0));
    CHECK(floats(in, "strength")[1] == Approx(0.5));
    // Population genre: Comedy 0.5, Drama 1.0, Horror 1.0 of 2.5 -> shares .2 .4 .4.
    // Lift: Drama (2/3)/.4 = 1.6667, Comedy (1/3)/.2 = 1.6667, Horror 1/.4 = 2.5.
    // price_band: <10 1.0, 10-50 0.5, >=50 1.0 of 2.5 -> .4 .2 .4; lifts 1.6667, 1.6667, 2.5.
    const auto& lift = floats(in, "lift");
    CHECK(lift[0] == Approx(5.0 / 3));
    CHECK(lift[1] == Approx(5.0 / 3));
    CHECK(lift[3] == Approx(5.0 / 3));
    CHECK(lift[4] == Approx(2.5));
    CHECK(lift[5] == Approx(2.5));

    const Table& top = table_of(out, "top");
    CHECK(ints(top, "user") == std::vector<int64_t>{1, 2});
    // user 1: Drama 2/3 and <10 2/3 tie (equal lift too) -> attribute order; then Comedy 1/3 (top_n 3).
    CHECK(texts(top, "top_interests") == std::vector<std::string>{"genre:Drama,price_band:<10,genre:Comedy",
                                                         "genre:Horror,price_band:>=50"});
    CHECK(texts(top, "top_genre") == std::vector<std::string>{"Drama", "Horror"});
    CHECK(texts(top, "top_price_band") == std::vector<std::string>{"<10", ">=50"});
}

TEST_CASE("interests: half_life_days 0 means no decay; type_weights scale events", "[interests]") {
    // No decay: user 1 Comedy 0.5, Drama 0.5 + 1 = 1.5 -> 0.25, 0.75.
    auto flat = table_of(run_profile("profile.interests", {{"events", events()}, {"items", items()}},
                                     params({{"half_life_days", 0}})),
                         "interests");
    CHECK(texts(flat, "value")[0] == "Drama");
    CHECK(floats(flat, "weight")[0] == Approx(0.75));
    CHECK(floats(flat, "weight")[1] == Approx(0.25));
    // Views weigh 0: user 1 only has item 1 -> Comedy 0.5, Drama 0.5 -> ties broken by value text.
    auto bought = table_of(run_profile("profile.interests", {{"events", events()}, {"items", items()}},
                                       params({{"type_weights", {{"view", 0}}}, {"price_bands", {10, 50}}})),
                           "interests");
    CHECK(texts(bought, "value")[0] == "Comedy");
    CHECK(floats(bought, "weight")[0] == Approx(0.5));
    CHECK(floats(bought, "weight")[1] == Approx(0.5));
}

TEST_CASE("interests: int64-list attributes hold several values per item", "[interests]") {
    auto in = table_of(run_profile("profile.interests", {{"events", events()}, {"items", items()}},
                                   params({{"attributes", {"tags"}}})),
                       "interests");
    // user 1: tag 7 = 1 x 1/2, tag 8 = 0.5 + 0.5 -> 8 (2/3), 7 (1/3); user 2: tag 9 (1).
    CHECK(texts(in, "value") == std::vector<std::string>{"8", "7", "9"});
    CHECK(floats(in, "weight")[0] == Approx(2.0 / 3));
}

TEST_CASE("interests: errors name the problem", "[interests]") {
    Table dup = items();
    dup.column("item").ints[2] = 1;
    CHECK_THROWS_WITH(run_profile("profile.interests", {{"events", events()}, {"items", dup}}, params()),
                      Catch::Contains("item 1 more than once"));
    CHECK_THROWS_WITH(run_profile("profile.interests", {{"events", events()}, {"items", items()}},
                                  params({{"attributes", {"price"}}})),
                      Catch::Contains("price_bands"));
    CHECK_THROWS_WITH(run_profile("profile.interests", {{"events", events()}, {"items", items()}},
                                  params({{"price_bands", {50, 10}}})),
                      Catch::Contains("ascending"));
    CHECK_THROWS_WITH(run_profile("profile.interests", {{"events", events()}, {"items", items()}},
                                  {{"reference_date", "2024-01-11"}}),
                      Catch::Contains("nothing to profile"));
}

TEST_CASE("interests: equal weights are ordered by lift in top_interests and in top_<attribute> alike", "[interests]") {
    // User 1 has Action and Zombie, equally recent (weight 0.5 each); users 2 and 3 only Action, so Zombie is
    // the rarer taste: its lift for user 1 (0.5 / (0.5 / 3)) = 3 beats Action's (0.5 / (2.5 / 3)) = 0.6.
    Table items;
    items.add_int64("item", {1, 2});
    items.add_string("genre", {"Action", "Zombie"});
    Table events;
    events.add_int64("user", {1, 1, 2, 3});
    events.add_int64("item", {1, 2, 1, 1});
    events.add_int64("ts", std::vector<int64_t>(4, utc(2024, 1, 10)));
    auto out = run_profile("profile.interests", {{"events", events}, {"items", items}},
                           {{"attributes", {"genre"}}, {"reference_date", "2024-01-11"}});
    const Table& top = table_of(out, "top");
    CHECK(texts(top, "top_interests")[0] == "genre:Zombie,genre:Action");
    CHECK(texts(top, "top_genre")[0] == "Zombie");
}
