// "YYYY-MM-DD" params <-> day numbers (the day arithmetic itself is the SDK's persona/calendar.h).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "persona/calendar.h"

namespace persona::value {

// "YYYY-MM-DD" -> days since 1970-01-01; false when the text is not a valid date in that form.
bool parse_iso_date(std::string_view text, int64_t& day);

// Days since 1970-01-01 -> "YYYY-MM-DD".
std::string iso_date(int64_t day);

}  // namespace persona::value
