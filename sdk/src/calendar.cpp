// Day numbers <-> dates by Howard Hinnant's algorithms ("chrono-compatible low-level date algorithms": a year
// that starts in March puts the leap day last, and 400-year eras of 146,097 days repeat exactly), and the
// date-time spellings that sources, params and transforms read.
#include "persona/calendar.h"

#include <string_view>

namespace persona {

int64_t floor_div(int64_t a, int64_t b) {
    const int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

int64_t day_number(int64_t unix_seconds) { return floor_div(unix_seconds, kSecondsPerDay); }

int64_t days_from_civil(int64_t year, int64_t month, int64_t day) {
    year -= month <= 2;
    const int64_t era = floor_div(year, 400);
    const int64_t year_of_era = year - era * 400;
    const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

CivilDate civil_from_days(int64_t days) {
    days += 719468;
    const int64_t era = floor_div(days, 146097);
    const int64_t day_of_era = days - era * 146097;
    const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const int64_t mp = (5 * day_of_year + 2) / 153;
    CivilDate date;
    date.day = day_of_year - (153 * mp + 2) / 5 + 1;
    date.month = mp < 10 ? mp + 3 : mp - 9;
    date.year = year_of_era + era * 400 + (date.month <= 2);
    return date;
}

int days_in_month(int64_t year, int64_t month) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

namespace {

// Reads 1..max_digits digits at p; false when there are none.
bool read_digits(const char*& p, const char* end, int min_digits, int max_digits, unsigned& out) {
    unsigned v = 0;
    int n = 0;
    while (p != end && n < max_digits && *p >= '0' && *p <= '9') {
        v = v * 10 + static_cast<unsigned>(*p - '0');
        ++p;
        ++n;
    }
    out = v;
    return n >= min_digits;
}

bool valid_date(unsigned year, unsigned month, unsigned day) {
    return month >= 1 && month <= 12 && day >= 1 && static_cast<int>(day) <= days_in_month(year, month);
}

// Reads "H:MM[:SS[.fff]]" (and an optional trailing 'Z') into seconds of the day.
bool read_time(const char*& p, const char* end, int64_t& seconds) {
    unsigned h, mi, s = 0;
    if (!read_digits(p, end, 1, 2, h) || p == end || *p != ':') return false;
    ++p;
    if (!read_digits(p, end, 2, 2, mi)) return false;
    if (p != end && *p == ':') {
        ++p;
        if (!read_digits(p, end, 2, 2, s)) return false;
        if (p != end && *p == '.') {
            ++p;
            unsigned frac;
            if (!read_digits(p, end, 1, 9, frac)) return false;
        }
    }
    if (p != end && *p == 'Z') ++p;
    if (h > 23 || mi > 59 || s > 60) return false;
    seconds = h * 3600 + mi * 60 + s;
    return true;
}

bool parse_iso(const char* p, const char* end, int64_t& out) {
    unsigned y, m, d;
    if (!read_digits(p, end, 4, 4, y) || p == end || *p != '-') return false;
    ++p;
    if (!read_digits(p, end, 2, 2, m) || p == end || *p != '-') return false;
    ++p;
    if (!read_digits(p, end, 2, 2, d) || !valid_date(y, m, d)) return false;
    int64_t seconds = 0;
    if (p != end) {
        if (*p != ' ' && *p != 'T') return false;
        ++p;
        if (!read_time(p, end, seconds)) return false;
    }
    if (p != end) return false;
    out = days_from_civil(y, m, d) * kSecondsPerDay + seconds;
    return true;
}

bool parse_us(const char* p, const char* end, int64_t& out) {
    unsigned m, d, y;
    if (!read_digits(p, end, 1, 2, m) || p == end || *p != '/') return false;
    ++p;
    if (!read_digits(p, end, 1, 2, d) || p == end || *p != '/') return false;
    ++p;
    if (!read_digits(p, end, 4, 4, y) || !valid_date(y, m, d)) return false;
    int64_t seconds = 0;
    if (p != end) {
        if (*p != ' ') return false;
        ++p;
        if (!read_time(p, end, seconds)) return false;
    }
    if (p != end) return false;
    out = days_from_civil(y, m, d) * kSecondsPerDay + seconds;
    return true;
}

// "YYYYMMDD": exactly eight digits (CDNOW and other exports write dates as integers).
bool parse_compact_date(const char* p, const char* end, int64_t& out) {
    unsigned y, m, d;
    if (end - p != 8 || !read_digits(p, end, 4, 4, y) || !read_digits(p, end, 2, 2, m) ||
        !read_digits(p, end, 2, 2, d) || p != end || !valid_date(y, m, d))
        return false;
    out = days_from_civil(y, m, d) * kSecondsPerDay;
    return true;
}

}  // namespace

bool parse_datetime(std::string_view text, DateFormats formats, int64_t& out) {
    const char* p = text.data();
    const char* end = p + text.size();
    if (text.size() >= 5 && text[4] == '-') return parse_iso(p, end, out);
    if (formats != DateFormats::Any) return false;
    return text.size() == 8 && text.find('/') == std::string_view::npos ? parse_compact_date(p, end, out)
                                                                       : parse_us(p, end, out);
}

}  // namespace persona
