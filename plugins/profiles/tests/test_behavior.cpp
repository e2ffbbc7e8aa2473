// Tests of profile.behavior on a hand-checked two-user log.
#include <catch2/catch.hpp>

#include "profiles_test_support.h"

using namespace persona;
using namespace persona::testing;

namespace {

const double NaN = std::nan("");
const int64_t T0 = utc(2024, 1, 1);  // a Monday, 00:00 UTC
const int64_t H = 3600, M = 60, D = 86400;

// user 1: Mon 09:00 view, 09:10 view, 09:20 cart, 09:20 purchase (invoice A, amount 10, price 5),
//         Tue 20:00 view, 20:05 purchase (invoice B, amount 30, price 15); views carry price 100.
// user 2: Wed 12:00 view.
// One row has no user. Rows are shuffled: the operator sorts by (user, time).
Table two_users() {
    Table t;
    t.add_int64("user", {1, 2, 1, 1, persona::kNullInt, 1, 1, 1});
    t.add_int64("ts", {T0 + D + 20 * H + 5 * M, T0 + 2 * D + 12 * H, T0 + 9 * H + 20 * M, T0 + 9 * H, T0,
                       T0 + 9 * H + 10 * M, T0 + D + 20 * H, T0 + 9 * H + 20 * M});
    t.add_string("type", {"purchase", "view", "cart", "view", "view", "view", "view", "purchase"});
    StringColumnBuilder invoice;
    for (const char* v : {"B", "", "", "", "", "", "", "A"})
        if (*v) invoice.push(v);
        else invoice.push_null();
    t.add(invoice.finish("invoice"));
    t.add_float64("amount", {30, NaN, NaN, NaN, NaN, NaN, NaN, 10});
    t.add_float64("price", {15, 100, 100, 100, 100, 100, 100, 5});
    return t;
}

}  // namespace

TEST_CASE("behavior: counts, days, sessions, gaps, clock, recency, funnel and money per user", "[behavior]") {
    const Table p = table_of(run_profile("profile.behavior", {{"events", two_users()}}), "profile");
    REQUIRE(p.rows() == 2);
    CHECK(ints(p, "user") == std::vector<int64_t>{1, 2});
    CHECK(ints(p, "events") == std::vector<int64_t>{6, 1});
    CHECK(ints(p, "events_view") == std::vector<int64_t>{3, 1});
    CHECK(ints(p, "events_cart") == std::vector<int64_t>{1, 0});
    CHECK(ints(p, "events_purchase") == std::vector<int64_t>{2, 0});
    CHECK(ints(p, "active_days") == std::vector<int64_t>{2, 1});  // Mon + Tue; Wed
    // Sessions (gap > 30 min starts one): user 1 Mon 09:00-09:20 and Tue 20:00-20:05.
    CHECK(ints(p, "sessions") == std::vector<int64_t>{2, 1});
    CHECK(floats(p, "session_events_mean") == std::vector<double>{3.0, 1.0});
    CHECK(floats(p, "session_minutes_mean")[0] == Approx(12.5));  // (20 + 5) / 2
    CHECK(floats(p, "session_minutes_mean")[1] == 0.0);
    // Gaps between distinct times (hours): 1/6, 1/6, 34 + 40/60, 1/12.
    // mean 35.0833/4 = 8.770833; median (1/6 + 1/6)/2 = 0.166667; sample std 17.263934.
    CHECK(floats(p, "gap_hours_mean")[0] == Approx(8.770833));
    CHECK(floats(p, "gap_hours_median")[0] == Approx(1.0 / 6));
    CHECK(floats(p, "gap_hours_std")[0] == Approx(17.263934));
    CHECK(std::isnan(floats(p, "gap_hours_mean")[1]));
    CHECK(std::isnan(floats(p, "gap_hours_std")[1]));
    // Hours: user 1 has 4 events at 09h, 2 at 20h; weekdays 4 Monday, 2 Tuesday. User 2: 12h, Wednesday.
    const Column& hours = p.column("hour_of_day");
    REQUIRE(hours.width == 24);
    CHECK(hours.vectors[9] == Approx(4.0 / 6));
    CHECK(hours.vectors[20] == Approx(2.0 / 6));
    CHECK(hours.vectors[24 + 12] == 1.0f);
    const Column& days = p.column("day_of_week");
    REQUIRE(days.width == 7);
    CHECK(days.vectors[0] == Approx(4.0 / 6));
    CHECK(days.vectors[1] == Approx(2.0 / 6));
    CHECK(days.vectors[7 + 2] == 1.0f);
    CHECK(ints(p, "first_seen") == std::vector<int64_t>{T0 + 9 * H, T0 + 2 * D + 12 * H});
    CHECK(ints(p, "last_seen") == std::vector<int64_t>{T0 + D + 20 * H + 5 * M, T0 + 2 * D + 12 * H});
    // Reference: midnight after the last event (Wed 12:00) = T0 + 3 days.
    // tenure = 3 - 9/24 = 2.625; recency = 3 - (1 + 20h05/24h) = 1.163194. User 2: 0.5 and 0.5.
    CHECK(floats(p, "tenure_days")[0] == Approx(2.625));
    CHECK(floats(p, "recency_days")[0] == Approx(1.1631944));
    CHECK(floats(p, "tenure_days")[1] == Approx(0.5));
    CHECK(floats(p, "recency_days")[1] == Approx(0.5));
    // Funnel: user 1 views 3, carts 1, purchases 2.
    CHECK(floats(p, "view_to_cart")[0] == Approx(1.0 / 3));
    CHECK(floats(p, "cart_to_purchase")[0] == Approx(2.0));
    CHECK(floats(p, "view_to_purchase")[0] == Approx(2.0 / 3));
    CHECK(floats(p, "view_to_cart")[1] == 0.0);
    CHECK(std::isnan(floats(p, "cart_to_purchase")[1]));
    // Orders A and B; total 40; basket 20; mean purchase price (5 + 15) / 2 = 10 (views' 100 not counted).
    CHECK(ints(p, "orders") == std::vector<int64_t>{2, 0});
    CHECK(floats(p, "total_amount") == std::vector<double>{40.0, 0.0});
    CHECK(floats(p, "avg_basket")[0] == 20.0);
    CHECK(std::isnan(floats(p, "avg_basket")[1]));
    CHECK(floats(p, "avg_price")[0] == 10.0);
    CHECK(std::isnan(floats(p, "avg_price")[1]));
}

TEST_CASE("behavior: session_gap and reference_date params", "[behavior]") {
    const Table p = table_of(run_profile("profile.behavior", {{"events", two_users()}},
                                         {{"session_gap", 0}, {"reference_date", "2024-01-11"}}),
                             "profile");
    // Gap 0: every later time opens a session: 09:00 | 09:10 | 09:20 (x2) | Tue 20:00 | 20:05 -> 5.
    CHECK(ints(p, "sessions")[0] == 5);
    CHECK(floats(p, "session_events_mean")[0] == Approx(6.0 / 5));
    // 2024-01-11 is T0 + 10 days: user 2's recency = 10 - 2.5 = 7.5.
    CHECK(floats(p, "recency_days")[1] == Approx(7.5));
}

TEST_CASE("behavior: without type, invoice, amount or price those columns are left out", "[behavior]") {
    Table t;
    t.add_int64("user", {5, 5});
    t.add_int64("ts", {T0, T0 + H});
    const Table p = table_of(run_profile("profile.behavior", {{"events", t}}), "profile");
    CHECK(ints(p, "events") == std::vector<int64_t>{2});
    CHECK(floats(p, "gap_hours_mean") == std::vector<double>{1.0});
    for (const char* absent : {"events_view", "view_to_cart", "orders", "avg_basket", "avg_price", "total_amount"})
        CHECK_FALSE(p.has(absent));
}

TEST_CASE("behavior: a named column that is not there is an error, bad reference dates too", "[behavior]") {
    CHECK_THROWS_WITH(run_profile("profile.behavior", {{"events", two_users()}}, {{"type", "event"}}),
                      Catch::Contains("'event'") && Catch::Contains("'type'"));
    CHECK_THROWS_WITH(run_profile("profile.behavior", {{"events", two_users()}}, {{"reference_date", "2024-13-01"}}),
                      Catch::Contains("reference_date"));
    CHECK_THROWS_WITH(run_profile("profile.behavior", {{"events", two_users()}}, {{"user", "customer"}}),
                      Catch::Contains("'customer'"));
}

TEST_CASE("behavior: type counts and funnel rates only for types that occur", "[behavior]") {
    Table t;
    t.add_int64("user", {5, 5, 6});
    t.add_int64("ts", {T0, T0 + H, T0});
    // The dictionary also knows "view" and "cart", but no row has them (as in profile.transactions output).
    t.add_string_codes("type", {2, 3, 2}, {"view", "cart", "purchase", "return"});
    const Table p = table_of(run_profile("profile.behavior", {{"events", t}}), "profile");
    CHECK(ints(p, "events_purchase") == std::vector<int64_t>{1, 1});
    CHECK(ints(p, "events_return") == std::vector<int64_t>{1, 0});
    for (const char* absent : {"events_view", "events_cart", "view_to_cart", "cart_to_purchase", "view_to_purchase"})
        CHECK_FALSE(p.has(absent));
}
