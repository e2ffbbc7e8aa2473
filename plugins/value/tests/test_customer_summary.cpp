// The per-customer summary (x, t_x, T, average repeat spend, holdout) on hand-made transactions.
#include <catch2/catch.hpp>
#include <cmath>

#include "calendar.h"
#include "customer_summary.h"

using persona::value::iso_date;
using persona::value::parse_iso_date;
using persona::value::Periods;
using persona::value::summarize_customers;
using persona::value::Transactions;

namespace {

int64_t day(const char* text) {
    int64_t d = 0;
    REQUIRE(parse_iso_date(text, d));
    return d;
}

constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 86400;

// User 7: 1997-01-01 10:00 ($10) and 15:00 ($5), 01-15 ($20), 01-29 ($30), 02-12 ($8, holdout).
// User 3: 1997-01-22 ($12), 1997-02-20 ($9, after the holdout end 02-12).
// User 9: first purchase 1997-02-01, after the calibration end 01-29.
Transactions sample() {
    const int64_t jan1 = day("1997-01-01") * kDay;
    Transactions t;
    t.has_amount = true;
    auto add = [&](int64_t user, int64_t ts, double amount) {
        t.user.push_back(user);
        t.ts.push_back(ts);
        t.amount.push_back(amount);
    };
    add(7, jan1 + 28 * kDay, 30);  // rows in no particular order
    add(3, jan1 + 21 * kDay, 12);
    add(7, jan1 + 15 * kHour, 5);
    add(9, jan1 + 31 * kDay, 50);
    add(7, jan1 + 10 * kHour, 10);
    add(7, jan1 + 14 * kDay, 20);
    add(7, jan1 + 42 * kDay, 8);
    add(3, jan1 + 50 * kDay, 9);
    return t;
}

Periods periods(bool merge) {
    Periods p;
    p.calibration_end_day = day("1997-01-29");
    p.holdout_end_day = day("1997-02-12");
    p.unit_days = 7;
    p.merge_same_day = merge;
    return p;
}

}  // namespace

TEST_CASE("calendar: ISO dates <-> day numbers", "[calendar]") {
    CHECK(day("1970-01-01") == 0);
    CHECK(day("1997-01-01") == 9862);  // 27 x 365 + 7 leap days
    CHECK(iso_date(9862) == "1997-01-01");
    CHECK(iso_date(day("2024-02-29")) == "2024-02-29");
    int64_t d;
    CHECK_FALSE(parse_iso_date("2023-02-29", d));
    CHECK_FALSE(parse_iso_date("1997-9-30", d));
    CHECK_FALSE(parse_iso_date("19970930", d));
    CHECK(persona::day_number(-1) == -1);
}

TEST_CASE("summary with same-day merging: whole days, T to the calibration end day", "[summary]") {
    const auto s = summarize_customers(sample(), periods(true));
    REQUIRE(s.user == std::vector<int64_t>{3, 7});
    // User 3: one purchase on day 21: x = 0, t_x = 0, T = (28 - 21) / 7 = 1 week; no holdout purchase
    // (02-20 is after the holdout end).
    // User 7: days 0 ($15 merged), 14, 28 in calibration: x = 2, t_x = 28 / 7 = 4, T = 4; repeat mean
    // (20 + 30) / 2 = 25; holdout: day 42 ($8).
    CHECK(s.rfm.x == std::vector<int64_t>{0, 2});
    CHECK(s.rfm.t_x == std::vector<double>{0, 4});
    CHECK(s.rfm.T == std::vector<double>{1, 4});
    CHECK(std::isnan(s.avg_spend[0]));
    CHECK(s.avg_spend[1] == 25);
    CHECK(s.holdout_purchases == std::vector<int64_t>{0, 1});
    CHECK(s.holdout_spend == std::vector<double>{0, 8});
    CHECK(s.customers_after_calibration == 1);
    CHECK(s.rows_merged == 1);
    CHECK(s.purchases_after_holdout == 1);
}

TEST_CASE("summary without merging: exact times, T to the end of the calibration end day", "[summary]") {
    const auto s = summarize_customers(sample(), periods(false));
    REQUIRE(s.user == std::vector<int64_t>{3, 7});
    // User 7: 01-01 10:00, 15:00, 01-15, 01-29 00:00: x = 3; t_x = (28 d - 10 h) / 168 h = 662 / 168;
    // T = (29 d - 10 h) / 168 h = 686 / 168; repeat mean (5 + 20 + 30) / 3.
    CHECK(s.rfm.x[1] == 3);
    CHECK(s.rfm.t_x[1] == Approx(662.0 / 168).epsilon(1e-15));
    CHECK(s.rfm.T[1] == Approx(686.0 / 168).epsilon(1e-15));
    CHECK(s.avg_spend[1] == Approx(55.0 / 3).epsilon(1e-15));
    // User 3: T = (8 days) / 7.
    CHECK(s.rfm.T[0] == Approx(8.0 / 7).epsilon(1e-15));
    CHECK(s.rows_merged == 0);
}

TEST_CASE("summary in days and without amounts", "[summary]") {
    Transactions t = sample();
    t.amount.clear();
    t.has_amount = false;
    Periods p = periods(true);
    p.unit_days = 1;
    const auto s = summarize_customers(t, p);
    CHECK(s.rfm.t_x == std::vector<double>{0, 28});
    CHECK(s.rfm.T == std::vector<double>{7, 28});
    CHECK(std::isnan(s.avg_spend[1]));
    CHECK(std::isnan(s.holdout_spend[1]));
}
