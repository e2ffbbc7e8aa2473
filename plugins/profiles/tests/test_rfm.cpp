// Tests of profile.rfm: hand-computed R, F, M, quantile scores with ties, segments and the map param.
#include <catch2/catch.hpp>

#include "profiles_test_support.h"

using namespace persona;
using namespace persona::testing;

namespace {

// Reference 2024-02-01 00:00. All purchases at 10:00.
//  u1: I1 2024-01-31 100, I2 01-20 50, I3 01-10 50   -> R 0 days, F 3, M 200
//  u2: I4 01-25 30 + 20 (two lines), I5 01-05 40       -> R 6, F 2, M 90
//  u3: I6 01-15 500                                    -> R 16, F 1, M 500
//  u4: I7 2023-12-01 10                                -> R 61, F 1, M 10
//  u5: I8 2023-11-01 20; I9 2023-12-20 -5 (a return)  -> R 91 (returns are not orders), F 1, M 15 (net)
//  u6: a view only                                     -> no RFM row
Table purchases() {
    Table t;
    auto at = [](int y, int m, int d) { return utc(y, m, d, 10); };
    t.add_int64("user", {1, 1, 1, 2, 2, 2, 3, 4, 5, 5, 6});
    t.add_int64("ts", {at(2024, 1, 31), at(2024, 1, 20), at(2024, 1, 10), at(2024, 1, 25), at(2024, 1, 25),
                       at(2024, 1, 5), at(2024, 1, 15), at(2023, 12, 1), at(2023, 11, 1), at(2023, 12, 20),
                       at(2024, 1, 30)});
    t.add_string("invoice", {"I1", "I2", "I3", "I4", "I4", "I5", "I6", "I7", "I8", "I9", "V"});
    t.add_float64("amount", {100, 50, 50, 30, 20, 40, 500, 10, 20, -5, 0});
    t.add_string("type", {"purchase", "purchase", "purchase", "purchase", "purchase", "purchase", "purchase",
                          "purchase", "purchase", "purchase", "view"});
    return t;
}

}  // namespace

TEST_CASE("rfm: values, average-rank quintile scores, rfm_score and default segments", "[rfm]") {
    auto out = run_profile("profile.rfm", {{"events", purchases()}}, {{"reference_date", "2024-02-01"}});
    const Table& rfm = table_of(out, "rfm");
    CHECK(ints(rfm, "user") == std::vector<int64_t>{1, 2, 3, 4, 5});
    CHECK(ints(rfm, "recency_days") == std::vector<int64_t>{0, 6, 16, 61, 91});
    CHECK(ints(rfm, "frequency") == std::vector<int64_t>{3, 2, 1, 1, 1});
    CHECK(floats(rfm, "monetary") == std::vector<double>{200, 90, 500, 10, 15});
    // R: distinct recencies, ranked descending 91..0 -> ranks 1..5 -> score ceil(5 * rank / 5) = rank.
    CHECK(ints(rfm, "r_score") == std::vector<int64_t>{5, 4, 3, 2, 1});
    // F: 1,1,1 share positions 1-3 -> average rank 2 -> ceil(5*2/5) = 2; 2 -> rank 4 -> 4; 3 -> 5.
    CHECK(ints(rfm, "f_score") == std::vector<int64_t>{5, 4, 2, 2, 2});
    // M ascending: 10 (u4) 15 (u5) 90 (u2) 200 (u1) 500 (u3).
    CHECK(ints(rfm, "m_score") == std::vector<int64_t>{4, 3, 5, 1, 2});
    // FM = (f + m + 1) / 2: (5+4+1)/2 = 5, (4+3+1)/2 = 4, (2+5+1)/2 = 4, (2+1+1)/2 = 2, (2+2+1)/2 = 2.
    CHECK(ints(rfm, "fm_score") == std::vector<int64_t>{5, 4, 4, 2, 2});
    CHECK(texts(rfm, "rfm_score") == std::vector<std::string>{"554", "443", "325", "221", "122"});
    // Default map: R4-5 x FM4-5 Champions; R3 x FM4-5 Loyal; R1-2 x FM2 Hibernating.
    CHECK(texts(rfm, "segment") ==
          std::vector<std::string>{"Champions", "Champions", "Loyal", "Hibernating", "Hibernating"});
    CHECK(ints(rfm, "last_purchase")[4] == utc(2023, 11, 1, 10));

    const Table& seg = table_of(out, "segments");
    auto names = texts(seg, "segment");
    REQUIRE(names.size() == 11);
    for (size_t s = 0; s < names.size(); ++s) {
        const int64_t users = ints(seg, "users")[s];
        if (names[s] == "Champions" || names[s] == "Hibernating") CHECK(users == 2);
        else if (names[s] == "Loyal") CHECK(users == 1);
        else CHECK(users == 0);
    }
}

TEST_CASE("rfm: without an invoice column every purchase line with a non-negative amount is an order", "[rfm]") {
    Table t = purchases();
    t.drop("invoice");
    auto out = run_profile("profile.rfm", {{"events", t}}, {{"reference_date", "2024-02-01"}});
    // u2 has three lines (two on 01-25, one on 01-05); u5's return line is not an order.
    CHECK(ints(table_of(out, "rfm"), "frequency") == std::vector<int64_t>{3, 3, 1, 1, 1});
}

TEST_CASE("rfm: equal values always get equal scores", "[rfm]") {
    Table t;
    // Six customers, monetary 5, 5, 5, 5, 7, 9 (one order each, same day).
    t.add_int64("user", {1, 2, 3, 4, 5, 6});
    t.add_int64("ts", std::vector<int64_t>(6, utc(2024, 1, 1)));
    t.add_float64("amount", {5, 5, 5, 5, 7, 9});
    const Table rfm = table_of(run_profile("profile.rfm", {{"events", t}}), "rfm");
    // 5 x4: average rank 2.5 -> ceil(5 * 2.5 / 6) = ceil(2.08) = 3; 7: rank 5 -> ceil(4.17) = 5; 9: rank 6 -> 5.
    CHECK(ints(rfm, "m_score") == std::vector<int64_t>{3, 3, 3, 3, 5, 5});
    // All recencies equal (1 day: the reference is 2024-01-02 00:00): average rank 3.5 -> ceil(2.92) = 3 for everyone.
    CHECK(ints(rfm, "r_score") == std::vector<int64_t>(6, 3));
}

TEST_CASE("rfm: the segments param replaces the map and must cover the grid exactly once", "[rfm]") {
    Json two = {{"Top", {{"r", {3, 5}}, {"fm", {1, 5}}}}, {"Bottom", {{"r", {1, 2}}, {"fm", {1, 5}}}}};
    auto out = run_profile("profile.rfm", {{"events", purchases()}},
                           {{"reference_date", "2024-02-01"}, {"segments", two}});
    CHECK(texts(table_of(out, "rfm"), "segment") == std::vector<std::string>{"Top", "Top", "Top", "Bottom", "Bottom"});

    Json overlap = {{"A", {{"r", {1, 5}}, {"fm", {1, 5}}}}, {"B", {{"r", {5, 5}}, {"fm", {5, 5}}}}};
    CHECK_THROWS_WITH(run_profile("profile.rfm", {{"events", purchases()}}, {{"segments", overlap}}),
                      Catch::Contains("r=5 fm=5") && Catch::Contains("both"));
    Json gap = {{"A", {{"r", {1, 4}}, {"fm", {1, 5}}}}};
    CHECK_THROWS_WITH(run_profile("profile.rfm", {{"events", purchases()}}, {{"segments", gap}}),
                      Catch::Contains("r=5 fm=1") && Catch::Contains("no segment"));
    Json bad = {{"A", {{"r", {0, 5}}, {"fm", {1, 5}}}}};
    CHECK_THROWS_WITH(run_profile("profile.rfm", {{"events", purchases()}}, {{"segments", bad}}),
                      Catch::Contains("'A'"));
}

TEST_CASE("rfm: an amount column is required", "[rfm]") {
    Table t = purchases();
    t.drop("amount");
    CHECK_THROWS_WITH(run_profile("profile.rfm", {{"events", t}}), Catch::Contains("amount"));
}

TEST_CASE("per-user operators count events with a null user or time and warn about them", "[rfm][lifecycle][behavior][interests]") {
    Table events = purchases();  // 11 events; the first loses its user, the second its time
    events.column("user").ints[0] = kNullInt;
    events.column("ts").ints[1] = kNullInt;
    Table items;
    items.add_int64("item", {1});
    items.add_string("genre", {"Drama"});
    events.add_int64("item", std::vector<int64_t>(11, 1));
    const std::vector<std::pair<std::string, Json>> runs = {
        {"profile.rfm", {{"reference_date", "2024-02-01"}}},
        {"profile.lifecycle", {{"reference_date", "2024-02-01"}}},
        {"profile.behavior", Json::object()},
        {"profile.interests", {{"attributes", {"genre"}}, {"reference_date", "2024-02-01"}}}};
    for (const auto& [op, params] : runs) {
        INFO(op);
        Inputs in = table_input("events", events);
        if (op == "profile.interests") in.ports["items"].push_back(Input{"items", make_artifact(items)});
        const StepRun r = run_step("persona_profiles", op, in, params);
        CHECK(r.notes["bad_rows"] == 2);
        REQUIRE(r.warnings.size() >= 1);
        CHECK(r.warnings[0] == "2 of 11 events have a null user or time and were not counted");
    }
}
