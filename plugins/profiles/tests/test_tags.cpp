// Tests of profile.tags: rules evaluated over profile columns, tag columns and counts, errors at the rule.
#include <catch2/catch.hpp>

#include "profiles_test_support.h"

using namespace persona;
using namespace persona::testing;

namespace {

// Four users: monetary 800, 120, 2000, NaN; frequency 6, 1, 9, 2; segment Champions, New, At Risk, Lost.
Table small_profile() {
    Table t;
    t.add_int64("user", {10, 11, 12, 13});
    t.add_float64("monetary", {800.0, 120.0, 2000.0, std::nan("")});
    t.add_int64("frequency", {6, 1, 9, 2});
    t.add_int64("m_score", {4, 1, 5, 2});
    t.add_string("segment", {"Champions", "New", "At Risk", "Lost"});
    return t;
}

Outputs tag(const Json& rules) { return run_profile("profile.tags", {{"profile", small_profile()}}, {{"rules", rules}}); }

}  // namespace

TEST_CASE("tags: each rule marks its users; the tags column lists them in name order", "[tags]") {
    const Outputs out = tag({{"high_value", "m_score >= 4 and frequency >= 5"},
                             {"big_at_risk", "segment = \"At Risk\" and monetary > 500"},
                             {"light", "frequency < 3 or monetary is null"}});
    const Table& t = table_of(out, "tags");
    CHECK(ints(t, "user") == std::vector<int64_t>{10, 11, 12, 13});
    // high_value: users 10 (4, 6) and 12 (5, 9); big_at_risk: 12 only; light: 11 (f 1) and 13 (f 2, null monetary).
    CHECK(ints(t, "tag_high_value") == std::vector<int64_t>{1, 0, 1, 0});
    CHECK(ints(t, "tag_big_at_risk") == std::vector<int64_t>{0, 0, 1, 0});
    CHECK(ints(t, "tag_light") == std::vector<int64_t>{0, 1, 0, 1});
    CHECK(texts(t, "tags") == std::vector<std::string>{"high_value", "light", "big_at_risk,high_value", "light"});
    const Table& counts = table_of(out, "counts");
    CHECK(texts(counts, "tag") == std::vector<std::string>{"big_at_risk", "high_value", "light"});
    CHECK(ints(counts, "users") == std::vector<int64_t>{1, 2, 2});
    CHECK(floats(counts, "share") == std::vector<double>{0.25, 0.5, 0.5});
}

TEST_CASE("tags: a null never satisfies a comparison", "[tags]") {
    const Outputs out = tag({{"rich", "monetary > 100"}, {"poor", "monetary <= 100"}});
    const Table& t = table_of(out, "tags");
    CHECK(ints(t, "tag_rich") == std::vector<int64_t>{1, 1, 1, 0});
    CHECK(ints(t, "tag_poor") == std::vector<int64_t>{0, 0, 0, 0});
}

TEST_CASE("tags: errors name the rule and the character", "[tags][errors]") {
    CHECK_THROWS_WITH(tag({{"vip", "monetry > 5"}}),
                      Catch::Contains("rule 'vip'") && Catch::Contains("monetry") && Catch::Contains("monetary"));
    CHECK_THROWS_WITH(tag({{"vip", "monetary >= "}}), Catch::Contains("rule 'vip'") && Catch::Contains("at character"));
    CHECK_THROWS_WITH(tag({{"vip", "monetary + 1"}}), Catch::Contains("rule 'vip'") && Catch::Contains("not a condition"));
    CHECK_THROWS_WITH(tag({{"2fast", "frequency > 1"}}), Catch::Contains("tag name '2fast'"));
    CHECK_THROWS_WITH(tag(Json::object()), Catch::Contains("at least one tag"));
}
