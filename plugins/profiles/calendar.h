// Calendar arithmetic on unix seconds (UTC): days, hours, weekdays, date parsing, reference dates.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace persona::profiles {

constexpr int64_t kSecondsPerDay = 86400;
constexpr int64_t kSecondsPerHour = 3600;

// floor(a / b) for b > 0 (C++ division truncates toward zero; times before 1970 are negative).
int64_t floor_div(int64_t a, int64_t b);

// The UTC day number of a time: 0 for 1970-01-01.
inline int64_t day_number(int64_t seconds) { return floor_div(seconds, kSecondsPerDay); }

// The UTC hour of day, 0..23.
int hour_of_day(int64_t seconds);

// The UTC day of week, Monday = 0 .. Sunday = 6 (1970-01-01 was a Thursday).
int day_of_week(int64_t seconds);

// Days since 1970-01-01 of a proleptic Gregorian date (month 1..12, day 1..31).
int64_t days_from_civil(int64_t year, int64_t month, int64_t day);

// Unix seconds (UTC) from "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]" ('T' also separates) or
// "M/D/YYYY H:MM[:SS]"; false when the text is none of these or names an impossible date or time.
bool parse_datetime(std::string_view text, int64_t& seconds);

// The reference time of a profile: the param value ("YYYY-MM-DD[ HH:MM:SS]") or, when it is "",
// midnight UTC after the day of last_event. Throws Error naming op and the param on bad text,
// or when the param is "" and there is no event (last_event is kNullInt).
int64_t reference_time(const std::string& param_value, int64_t last_event, const std::string& op);

}  // namespace persona::profiles
