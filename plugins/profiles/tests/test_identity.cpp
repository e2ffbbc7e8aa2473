// Tests of profile.identity: union-find clusters, the size cap, canonical ids and rewritten events.
#include <catch2/catch.hpp>

#include "profiles_test_support.h"

using namespace persona;
using namespace persona::testing;

namespace {

// Visitors 1..4, customers 500 and 700, applied in order:
//  (1, 500) merge {1,500}; (2, 500) merge {1,2,500}; (2, 500) again: same set; (3, 700) merge {3,700};
//  (3, 500) would make 5 > max_cluster 4: refused; (4, 4) same set; (null, 700) bad row.
Table links() {
    Table t;
    t.add_int64("id_a", {1, 2, 2, 3, 3, 4, persona::kNullInt});
    t.add_int64("id_b", {500, 500, 500, 700, 500, 4, 700});
    return t;
}

Table events() {
    Table t;
    t.add_int64("user", {1, 2, 3, 9, 500, persona::kNullInt});
    t.add_int64("ts", {10, 20, 30, 40, 50, 60});
    return t;
}

}  // namespace

TEST_CASE("identity: clusters with a cap, customer ids are canonical, events rewritten", "[identity]") {
    auto out = run_profile("profile.identity", {{"events", events()}, {"links", links()}},
                           {{"max_cluster", 4}, {"customer_side", "b"}});
    const Table& aliases = table_of(out, "aliases");
    CHECK(ints(aliases, "id") == std::vector<int64_t>{1, 2, 3, 4, 500, 700});
    // {1, 2, 500} -> customer 500; {3, 700} -> 700; {4} (listed on side b too) -> 4.
    CHECK(ints(aliases, "user") == std::vector<int64_t>{500, 500, 700, 4, 500, 700});
    CHECK(ints(aliases, "cluster_size") == std::vector<int64_t>{3, 3, 2, 1, 3, 2});
    const Table& ev = table_of(out, "events");
    CHECK(ints(ev, "user") == std::vector<int64_t>{500, 500, 700, 9, 500, persona::kNullInt});
    CHECK(ints(ev, "original_user") == std::vector<int64_t>{1, 2, 3, 9, 500, persona::kNullInt});
    CHECK(ints(ev, "ts") == std::vector<int64_t>{10, 20, 30, 40, 50, 60});
}

TEST_CASE("identity: without customer information the smallest id is canonical; no cap merges all", "[identity]") {
    auto out = run_profile("profile.identity", {{"events", events()}, {"links", links()}},
                           {{"max_cluster", 0}, {"original", ""}});
    // (3, 500) is now accepted: {1, 2, 3, 500, 700} -> 1.
    CHECK(ints(table_of(out, "aliases"), "user") == std::vector<int64_t>{1, 1, 1, 4, 1, 1});
    CHECK_FALSE(table_of(out, "events").has("original_user"));
}

TEST_CASE("identity: a customers table says which ids are customers", "[identity]") {
    Table known;
    known.add_int64("user", {700});
    auto out = run_profile("profile.identity", {{"events", events()}, {"links", links()}, {"customers", known}},
                           {{"max_cluster", 0}});
    CHECK(ints(table_of(out, "aliases"), "user") == std::vector<int64_t>{700, 700, 700, 4, 700, 700});
}
