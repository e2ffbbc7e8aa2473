#include "calendar.h"

#include <cstdio>

namespace persona::value {

namespace {

// Reads exactly `count` digits starting at text[pos].
bool digits(std::string_view text, size_t pos, size_t count, unsigned& out) {
    out = 0;
    for (size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        out = out * 10 + static_cast<unsigned>(text[i] - '0');
    }
    return true;
}

}  // namespace

bool parse_iso_date(std::string_view text, int64_t& day) {
    unsigned y, m, d;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    if (!digits(text, 0, 4, y) || !digits(text, 5, 2, m) || !digits(text, 8, 2, d)) return false;
    if (m < 1 || m > 12 || d < 1 || static_cast<int>(d) > days_in_month(y, m)) return false;
    day = days_from_civil(y, m, d);
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
