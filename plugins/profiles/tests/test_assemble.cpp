// Tests of profile.assemble: outer join by user, prefixes only on clashing names, vectors carried.
#include <catch2/catch.hpp>

#include "profiles_test_support.h"

using namespace persona;
using namespace persona::testing;

namespace {

Input part(const std::string& label, Table t) { return Input{label, make_artifact(std::move(t))}; }

Outputs assemble(std::vector<Input> parts) {
    Inputs in;
    in.ports["parts"] = std::move(parts);
    return kernel::invoke(registry_with("persona_profiles"), "profile.assemble", in, Json::object());
}

// behavior: users 1, 2; rfm: users 2, 3 (both have recency_days); emb: users 3, 1 with 2-d vectors.
std::vector<Input> three_parts() {
    Table behavior, rfm, emb;
    behavior.add_int64("user", {1, 2});
    behavior.add_int64("events", {5, 1});
    behavior.add_float64("recency_days", {1.0, 2.0});
    rfm.add_int64("user", {2, 3});
    rfm.add_int64("recency_days", {10, 20});
    rfm.add_string("segment", {"Lost", "New"});
    emb.add_int64("user", {3, 1});
    emb.add_vector("embedding", 2, {0.1f, 0.2f, 0.3f, 0.4f});
    return {part("behavior", behavior), part("rfm", rfm), part("emb", emb)};
}

}  // namespace

TEST_CASE("assemble: outer join on user with prefixes only where names clash", "[assemble]") {
    const Table p = table_of(assemble(three_parts()), "profile");
    CHECK(ints(p, "user") == std::vector<int64_t>{1, 2, 3});
    std::vector<std::string> names;
    for (const auto& c : p.columns()) names.push_back(c.name);
    CHECK(names == std::vector<std::string>{"user", "events", "behavior_recency_days", "rfm_recency_days", "segment",
                                            "embedding"});
    CHECK(ints(p, "events") == std::vector<int64_t>{5, 1, persona::kNullInt});
    CHECK(floats(p, "behavior_recency_days")[1] == 2.0);
    CHECK(std::isnan(floats(p, "behavior_recency_days")[2]));
    CHECK(ints(p, "rfm_recency_days") == std::vector<int64_t>{persona::kNullInt, 10, 20});
    CHECK(texts(p, "segment") == std::vector<std::string>{"", "Lost", "New"});
    const Column& e = p.column("embedding");
    REQUIRE(e.width == 2);
    CHECK(e.vectors[0] == 0.3f);  // user 1
    CHECK(e.vectors[1] == 0.4f);
    CHECK(std::isnan(e.vectors[2]));  // user 2 has no embedding
    CHECK(e.vectors[4] == 0.1f);  // user 3
}

TEST_CASE("assemble: repeated labels get their position; repeated users are an error", "[assemble]") {
    Table a, b;
    a.add_int64("user", {1});
    a.add_int64("x", {1});
    b.add_int64("user", {1});
    b.add_int64("x", {2});
    const Table p = table_of(assemble({part("s", a), part("s", b)}), "profile");
    CHECK(ints(p, "s_1_x") == std::vector<int64_t>{1});
    CHECK(ints(p, "s_2_x") == std::vector<int64_t>{2});

    Table dup;
    dup.add_int64("user", {1, 1});
    dup.add_int64("y", {1, 2});
    CHECK_THROWS_WITH(assemble({part("interests", dup)}), Catch::Contains("user 1 on more than one row"));
}
