// Tests of profile.lifecycle: each stage on a hand-checked set of customers (reference 2024-07-01).
#include <catch2/catch.hpp>

#include "profiles_test_support.h"

using namespace persona;
using namespace persona::testing;

namespace {

// Purchases at 12:00 UTC on these 2024 dates (month, day). Rhythm = max(7, median gap between purchase days);
// at_risk after 2x, churned after 3x; the fallback rhythm is the median of the customers' rhythms.
//  1 A: May 2, 12, 22, Jun 1, 11, 21 (+ Jun 21 18:00)  gaps 10 x5 -> rhythm 10, recency 9.25          -> active
//  2 B: Mar 1, 11, 21, Apr 1                            rhythm 10, recency 90.5 > 30                   -> churned
//  3 C: May 1, 11, 21, Jun 1 (+ a return line Jun 28)   rhythm 10, recency 29.5 in (20, 30]            -> at_risk
//  4 D: Jan 10, 20, 30, Jun 25                          gaps 10 10 147: rhythm 10; last gap 147 > 3 x 10 -> reactivated
//  5 E: Jun 20                                          tenure 10.5 <= 30                              -> new
//  6 F: Feb 1                                           rhythm = fallback 10, recency 150.5 > 30       -> churned
//  7 G: Jan 1, Jun 15                                   rhythm 166, recency 15.5; last gap 166 > 3 x 10 -> reactivated
//  8 I: May 1, 3, 5, Jun 20, 22, 24                     median gap 2 -> floored to 7; recency 6.5 <= 14 -> active
//  9 H: views only                                      -> no row
// Fallback: rhythms 10 (A) 10 (B) 10 (C) 10 (D) 166 (G) 2 (I) -> median 10.
Table customers() {
    std::vector<int64_t> user, ts;
    std::vector<double> amount;
    std::vector<std::string> type;
    auto add = [&](int64_t u, int m, int d, int h = 12, double a = 10, const char* t = "purchase") {
        user.push_back(u), ts.push_back(utc(2024, m, d, h)), amount.push_back(a), type.push_back(t);
    };
    for (auto [m, d] : {std::pair{5, 2}, {5, 12}, {5, 22}, {6, 1}, {6, 11}, {6, 21}}) add(1, m, d);
    add(1, 6, 21, 18);
    for (auto [m, d] : {std::pair{3, 1}, {3, 11}, {3, 21}, {4, 1}}) add(2, m, d);
    for (auto [m, d] : {std::pair{5, 1}, {5, 11}, {5, 21}, {6, 1}}) add(3, m, d);
    add(3, 6, 28, 12, -10);
    for (auto [m, d] : {std::pair{1, 10}, {1, 20}, {1, 30}, {6, 25}}) add(4, m, d);
    add(5, 6, 20);
    add(6, 2, 1);
    add(7, 1, 1);
    add(7, 6, 15);
    for (auto [m, d] : {std::pair{5, 1}, {5, 3}, {5, 5}, {6, 20}, {6, 22}, {6, 24}}) add(8, m, d);
    add(9, 6, 30, 12, 0, "view");
    Table t;
    t.add_int64("user", user);
    t.add_int64("ts", ts);
    t.add_float64("amount", amount);
    t.add_string("type", type);
    return t;
}

const Json kAtJuly = {{"reference_date", "2024-07-01"}};

}  // namespace

TEST_CASE("lifecycle: new, active, at_risk, churned and reactivated against each customer's rhythm", "[lifecycle]") {
    auto out = run_profile("profile.lifecycle", {{"events", customers()}}, kAtJuly);
    const Table& lc = table_of(out, "lifecycle");
    CHECK(ints(lc, "user") == std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7, 8});
    CHECK(texts(lc, "stage") == std::vector<std::string>{"active", "churned", "at_risk", "reactivated", "new",
                                                         "churned", "reactivated", "active"});
    CHECK(ints(lc, "purchase_days") == std::vector<int64_t>{6, 4, 4, 4, 1, 1, 2, 6});
    CHECK(floats(lc, "rhythm_days") == std::vector<double>{10, 10, 10, 10, 10, 10, 166, 7});
    CHECK(floats(lc, "recency_days")[0] == Approx(9.25));
    CHECK(floats(lc, "recency_days")[2] == Approx(29.5));  // the return line on Jun 28 is not a purchase
    CHECK(floats(lc, "tenure_days")[4] == Approx(10.5));
    CHECK(floats(lc, "last_gap_days")[3] == 147.0);
    CHECK(std::isnan(floats(lc, "last_gap_days")[4]));
    CHECK(floats(lc, "at_risk_after_days")[0] == 20.0);
    CHECK(floats(lc, "churn_after_days")[7] == 21.0);

    const Table& stages = table_of(out, "stages");
    CHECK(texts(stages, "stage") == std::vector<std::string>{"new", "active", "at_risk", "churned", "reactivated"});
    CHECK(ints(stages, "users") == std::vector<int64_t>{1, 2, 1, 2, 2});
}

TEST_CASE("lifecycle: min_gap_days floors the rhythm; new_days and default_gap_days are params", "[lifecycle]") {
    Json p = kAtJuly;
    p["min_gap_days"] = 0;
    // I's rhythm is then 2 days: churned after 6, recency 6.5 -> churned.
    CHECK(texts(table_of(run_profile("profile.lifecycle", {{"events", customers()}}, p), "lifecycle"), "stage")[7] ==
          "churned");
    p = kAtJuly;
    p["new_days"] = 0;  // E (tenure 10.5) is no longer new: fallback rhythm 10, recency 10.5 <= 20 -> active
    CHECK(texts(table_of(run_profile("profile.lifecycle", {{"events", customers()}}, p), "lifecycle"), "stage")[4] ==
          "active");
    p = kAtJuly;
    p["default_gap_days"] = 200;  // F: rhythm 200, recency 150.5 <= 400 -> active; G: prior 200, 166 <= 600 -> active
    auto stage = texts(table_of(run_profile("profile.lifecycle", {{"events", customers()}}, p), "lifecycle"), "stage");
    CHECK(stage[3] == "reactivated");  // D's earlier rhythm is its own (10), not the default
    CHECK(stage[5] == "active");
    CHECK(stage[6] == "active");
}
