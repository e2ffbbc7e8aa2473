#include "text_values.h"

#include <charconv>
#include <cmath>

#include "persona/calendar.h"

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
    seconds = days_from_civil(y, mo, d) * kSecondsPerDay + h * 3600 + mi * 60 + s;
    return true;
}

bool parse_time_bound(std::string_view text, int64_t& seconds) {
    return parse_int64(text, seconds) || parse_date_time(text, seconds);
}

}  // namespace persona::transforms
