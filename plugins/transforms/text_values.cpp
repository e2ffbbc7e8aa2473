#include "text_values.h"

#include <charconv>
#include <cmath>

namespace persona::transforms {

bool parse_int64(std::string_view text, int64_t& out) {
    if (text.empty()) return false;
    const char* end = text.data() + text.size();
    auto result = std::from_chars(text.data(), end, out);
    return result.ec == std::errc() && result.ptr == end;
}

bool parse_float64(std::string_view text, double& out) {
    if (text.empty()) return false;
    const char* end = text.data() + text.size();
    auto result = std::from_chars(text.data(), end, out);
    return result.ec == std::errc() && result.ptr == end && !std::isnan(out);
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int days_in_month(int64_t y, int64_t m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

// Reads exactly `width` digits at text[pos]; false when any is not a digit.
static bool fixed_digits(std::string_view text, size_t pos, size_t width, int64_t& out) {
    if (pos + width > text.size()) return false;
    out = 0;
    for (size_t i = pos; i < pos + width; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        out = out * 10 + (text[i] - '0');
    }
    return true;
}

// "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" as unix seconds.
static bool parse_date_time(std::string_view text, int64_t& seconds) {
    int64_t y, mo, d, h = 0, mi = 0, s = 0;
    if (text.size() != 10 && text.size() != 19) return false;
    if (!fixed_digits(text, 0, 4, y) || text[4] != '-' || !fixed_digits(text, 5, 2, mo) || text[7] != '-' ||
        !fixed_digits(text, 8, 2, d))
        return false;
    if (text.size() == 19 && ((text[10] != ' ' && text[10] != 'T') || !fixed_digits(text, 11, 2, h) ||
                              text[13] != ':' || !fixed_digits(text, 14, 2, mi) || text[16] != ':' ||
                              !fixed_digits(text, 17, 2, s)))
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 59) return false;
    seconds = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
    return true;
}

bool parse_time_bound(std::string_view text, int64_t& seconds) {
    return parse_int64(text, seconds) || parse_date_time(text, seconds);
}

}  // namespace persona::transforms
