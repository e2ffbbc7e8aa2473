// Calendar arithmetic behind int64 times (unix seconds, UTC) on the proleptic Gregorian calendar.
#pragma once
#include <cstdint>
#include <string_view>

namespace persona {

constexpr int64_t kSecondsPerDay = 86400;

// floor(a / b) for b > 0 (C++ division truncates toward zero; times before 1970 are negative).
int64_t floor_div(int64_t a, int64_t b);

// The UTC day number of a time: 0 for 1970-01-01.
int64_t day_number(int64_t unix_seconds);

// Days since 1970-01-01 of a date (month 1..12, day 1..31).
int64_t days_from_civil(int64_t year, int64_t month, int64_t day);

// A date: year, month 1..12, day 1..31.
struct CivilDate {
    int64_t year, month, day;
};

// The date of a day number (the inverse of days_from_civil).
CivilDate civil_from_days(int64_t days);

// Days in a month (1..12) of a year: February has 29 in leap years.
int days_in_month(int64_t year, int64_t month);

// Accepted date-time spellings.
enum class DateFormats { IsoOnly, Any };

// Unix seconds (UTC) of "YYYY-MM-DD" or "YYYY-MM-DD H:MM[:SS[.fff]][Z]" ('T' also separates), and with
// DateFormats::Any also "M/D/YYYY[ H:MM[:SS]]" and "YYYYMMDD" (eight digits); fractions of a second are
// dropped. False for any other text and for impossible dates or times; no blanks are trimmed.
bool parse_datetime(std::string_view text, DateFormats formats, int64_t& unix_seconds);

}  // namespace persona
