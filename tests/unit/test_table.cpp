#include <catch2/catch.hpp>

#include "persona/artifact.h"
#include "persona/error.h"

using namespace persona;

TEST_CASE("table columns round-trip through serialization with a stable hash") {
    Table t;
    t.add_int64("user", {1, 2, kNullInt});
    t.add_float64("price", {1.5, NAN, 3.0});
    t.add_string("event", {"view", "cart", "view"});
    t.add_vector("emb", 2, {0.f, 1.f, 2.f, 3.f, 4.f, 5.f});
    t.add_list("hist", {0, 2, 2, 3}, {7, 8, 9});
    REQUIRE(t.rows() == 3);
    CHECK(t.column("event").dict.size() == 2);
    CHECK(t.column("event").text(2) == "view");
    CHECK(t.column("user").is_null(2));
    CHECK(t.column("price").is_null(1));

    auto a = make_artifact(t);
    std::string bytes = a->serialize();
    Artifact b = Artifact::deserialize(bytes);
    CHECK(b.content_hash() == a->content_hash());
    CHECK(b.table().column("hist").ints == std::vector<int64_t>{7, 8, 9});
    CHECK(b.table().column("emb").vectors[5] == 5.f);

    Table sub = t.take({2, 0});
    CHECK(sub.column("user").ints[1] == 1);
    CHECK(sub.column("hist").offsets == std::vector<int64_t>{0, 1, 3});
    CHECK(make_artifact(sub)->content_hash() != a->content_hash());
}

TEST_CASE("table rejects mismatched lengths and unknown columns") {
    Table t;
    t.add_int64("a", {1, 2});
    CHECK_THROWS_AS(t.add_int64("b", {1}), Error);
    CHECK_THROWS_WITH(t.column("zzz"), Catch::Contains("columns: a"));
}

TEST_CASE("a corrupted artifact byte string is refused") {
    Metrics m;
    m.row("pop").set("HR@10", 0.25);
    std::string bytes = make_artifact(m)->serialize();
    CHECK_THROWS_AS(Artifact::deserialize(bytes.substr(0, bytes.size() - 3)), Error);
    CHECK(std::get<double>(Artifact::deserialize(bytes).metrics().rows[0].values[0].second) == 0.25);
}
