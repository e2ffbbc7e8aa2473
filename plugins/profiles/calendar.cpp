#include "calendar.h"

#include <charconv>

#include "persona/error.h"
#include "persona/table.h"

namespace persona::profiles {

int hour_of_day(int64_t seconds) {
    return static_cast<int>(floor_div(seconds - day_number(seconds) * kSecondsPerDay, kSecondsPerHour));
}

int day_of_week(int64_t seconds) {
    int64_t w = (day_number(seconds) + 3) % 7;  // day 0 (Thursday) -> 3
    return static_cast<int>(w < 0 ? w + 7 : w);
}

bool parse_event_time(std::string_view text, int64_t& seconds) {
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    return parse_datetime(text, DateFormats::Any, seconds);
}

int64_t reference_time(const std::string& param_value, int64_t last_event, const std::string& op) {
    if (!param_value.empty()) {
        int64_t seconds = 0;
        if (!parse_event_time(param_value, seconds))
            throw Error(op + ": parameter 'reference_date' is '" + param_value +
                        "'; expected YYYY-MM-DD (or YYYY-MM-DD HH:MM:SS, UTC), or \"\" for the day after the last event");
        return seconds;
    }
    if (last_event == kNullInt)
        throw Error(op + ": no event with a user and a time, so there is no last event to take the reference date "
                         "from; set 'reference_date'");
    return (day_number(last_event) + 1) * kSecondsPerDay;
}

}  // namespace persona::profiles
