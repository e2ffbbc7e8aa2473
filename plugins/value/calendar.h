// Calendar helpers: unix seconds -> UTC day numbers, and "YYYY-MM-DD" params <-> day numbers.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace persona::value {

constexpr int64_t kSecondsPerDay = 86400;

// The UTC day (days since 1970-01-01) holding `unix_seconds` (floor division: negative times work too).
int64_t day_of(int64_t unix_seconds);

// "YYYY-MM-DD" -> days since 1970-01-01; false when the text is not a valid date in that form.
bool parse_iso_date(std::string_view text, int64_t& day);

// Days since 1970-01-01 -> "YYYY-MM-DD".
std::string iso_date(int64_t day);

}  // namespace persona::value
