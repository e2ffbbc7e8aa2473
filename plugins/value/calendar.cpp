#include "calendar.h"

#include <cstdio>

namespace persona::value {

bool parse_iso_date(std::string_view text, int64_t& day) {
    int64_t seconds = 0;
    if (text.size() != 10 || !parse_datetime(text, DateFormats::IsoOnly, seconds)) return false;
    day = day_number(seconds);
    return true;
}

std::string iso_date(int64_t day) {
    const CivilDate date = civil_from_days(day);
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%04lld-%02lld-%02lld", static_cast<long long>(date.year),
                  static_cast<long long>(date.month), static_cast<long long>(date.day));
    return buffer;
}

}  // namespace persona::value
