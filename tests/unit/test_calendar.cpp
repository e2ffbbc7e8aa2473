// Tests of the SDK's calendar arithmetic (persona/calendar.h) against dates counted by hand.
#include <catch2/catch.hpp>

#include "persona/calendar.h"

using namespace persona;

TEST_CASE("calendar: day numbers of known dates and back", "[sdk][calendar]") {
    CHECK(days_from_civil(1970, 1, 1) == 0);
    CHECK(days_from_civil(1970, 3, 1) == 59);               // 31 + 28
    CHECK(days_from_civil(1997, 1, 1) == 9862);             // 27 x 365 + 7 leap days (72, 76, ..., 96)
    CHECK(days_from_civil(2000, 3, 1) == 11017);            // 2000 is a leap year: 30 x 365 + 8 + 31 + 29
    CHECK(days_from_civil(1969, 12, 31) == -1);
    CHECK(days_from_civil(1900, 1, 1) == -25567);           // 70 x 365 + 17 leap days (1904 .. 1968), before 1970
    const CivilDate leap_day = civil_from_days(days_from_civil(2024, 2, 29));
    CHECK(leap_day.year == 2024);
    CHECK(leap_day.month == 2);
    CHECK(leap_day.day == 29);
    // Every day from 1600 to 2400 goes there and back, one day after the other.
    int64_t expected = days_from_civil(1600, 1, 1);
    for (int64_t y = 1600; y < 2400; ++y)
        for (int64_t m = 1; m <= 12; ++m)
            for (int64_t d = 1; d <= days_in_month(y, m); ++d) {
                REQUIRE(days_from_civil(y, m, d) == expected);
                const CivilDate back = civil_from_days(expected);
                REQUIRE((back.year == y && back.month == m && back.day == d));
                ++expected;
            }
}

TEST_CASE("calendar: month lengths, floor division and the day of a time", "[sdk][calendar]") {
    CHECK(days_in_month(2023, 2) == 28);
    CHECK(days_in_month(2024, 2) == 29);
    CHECK(days_in_month(1900, 2) == 28);  // divisible by 100, not by 400
    CHECK(days_in_month(2000, 2) == 29);
    CHECK(days_in_month(2023, 4) == 30);
    CHECK(days_in_month(2023, 12) == 31);
    CHECK(floor_div(7, 2) == 3);
    CHECK(floor_div(-7, 2) == -4);
    CHECK(floor_div(-8, 2) == -4);
    CHECK(day_number(0) == 0);
    CHECK(day_number(86399) == 0);
    CHECK(day_number(86400) == 1);
    CHECK(day_number(-1) == -1);
    CHECK(day_number(-86400) == -1);
    CHECK(day_number(-86401) == -2);
}

TEST_CASE("calendar: date and time texts in their spellings", "[sdk][calendar]") {
    const int64_t day = days_from_civil(2010, 12, 1) * kSecondsPerDay;  // 2010-12-01 00:00 UTC
    const int64_t at_826 = day + 8 * 3600 + 26 * 60;
    int64_t t = 0;
    auto iso = [&](const char* text) { return parse_datetime(text, DateFormats::IsoOnly, t) ? t : -1; };
    auto any = [&](const char* text) { return parse_datetime(text, DateFormats::Any, t) ? t : -1; };
    CHECK(iso("2010-12-01") == day);
    CHECK(iso("2010-12-01 08:26") == at_826);
    CHECK(iso("2010-12-01T08:26:00") == at_826);
    CHECK(iso("2010-12-01 8:26:00.250Z") == at_826);  // the fraction is dropped
    CHECK(iso("2010-12-01 08:26:07") == at_826 + 7);
    CHECK(iso("12/1/2010 8:26") == -1);                 // not ISO
    CHECK(any("12/1/2010 8:26") == at_826);             // the UCI Online Retail spelling
    CHECK(any("12/01/2010") == day);
    CHECK(any("20101201") == day);                      // eight digits: CDNOW's dates
    CHECK(iso("20101201") == -1);
    CHECK(any("2024-02-29") == days_from_civil(2024, 2, 29) * kSecondsPerDay);
    for (const char* bad : {"2023-02-29", "2010-13-01", "2010-12-00", "2010-12-01 24:00", "2010-12-01 08:60",
                            "2010-12-1", "2010-12-01 ", " 2010-12-01", "2010-12-01x", "2/30/2010", "", "yesterday"})
        CHECK(any(bad) == -1);
}
