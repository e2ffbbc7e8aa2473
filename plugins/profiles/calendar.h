// Calendar arithmetic on unix seconds (UTC) beyond the SDK's persona/calendar.h: hours, weekdays, date parsing,
// reference dates.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "persona/calendar.h"

namespace persona::profiles {

constexpr int64_t kSecondsPerHour = 3600;

// The UTC hour of day, 0..23.
int hour_of_day(int64_t seconds);

// The UTC day of week, Monday = 0 .. Sunday = 6 (1970-01-01 was a Thursday).
int day_of_week(int64_t seconds);

// Unix seconds (UTC) from "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]" ('T' also separates) or
// "M/D/YYYY H:MM[:SS]"; false when the text is none of these or names an impossible date or time.
bool parse_datetime(std::string_view text, int64_t& seconds);

// The reference time of a profile: the param value ("YYYY-MM-DD[ HH:MM:SS]") or, when it is "",
// midnight UTC after the day of last_event. Throws Error naming op and the param on bad text,
// or when the param is "" and there is no event (last_event is kNullInt).
int64_t reference_time(const std::string& param_value, int64_t last_event, const std::string& op);

}  // namespace persona::profiles
