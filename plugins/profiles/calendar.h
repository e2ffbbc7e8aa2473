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

// Unix seconds (UTC) of a time written in any of the SDK's parse_datetime spellings ("YYYY-MM-DD[ HH:MM[:SS]]",
// "M/D/YYYY H:MM", ...), with blanks around it; false for other text or impossible dates and times.
bool parse_event_time(std::string_view text, int64_t& seconds);

// The reference time of a profile: the param value ("YYYY-MM-DD[ HH:MM:SS]") or, when it is "",
// midnight UTC after the day of last_event. Throws Error naming op and the param on bad text,
// or when the param is "" and there is no event (last_event is kNullInt).
int64_t reference_time(const std::string& param_value, int64_t last_event, const std::string& op);

}  // namespace persona::profiles
