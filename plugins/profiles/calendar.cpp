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

namespace {

// Reads digits [min_digits, max_digits] at text[pos]; advances pos.
bool read_number(std::string_view text, size_t& pos, int min_digits, int max_digits, int64_t& out) {
    size_t end = pos;
    while (end < text.size() && end - pos < static_cast<size_t>(max_digits) && text[end] >= '0' && text[end] <= '9')
        ++end;
    if (end - pos < static_cast<size_t>(min_digits)) return false;
    std::from_chars(text.data() + pos, text.data() + end, out);
    pos = end;
    return true;
}

bool read_char(std::string_view text, size_t& pos, char c) {
    if (pos >= text.size() || text[pos] != c) return false;
    ++pos;
    return true;
}

// "HH:MM[:SS]" at pos to the end of the text.
bool read_clock(std::string_view text, size_t& pos, int64_t& seconds) {
    int64_t h = 0, m = 0, s = 0;
    if (!read_number(text, pos, 1, 2, h) || !read_char(text, pos, ':') || !read_number(text, pos, 2, 2, m)) return false;
    if (read_char(text, pos, ':') && !read_number(text, pos, 2, 2, s)) return false;
    if (pos != text.size() || h > 23 || m > 59 || s > 60) return false;
    seconds = h * 3600 + m * 60 + s;
    return true;
}

bool finish(int64_t y, int64_t mo, int64_t d, int64_t clock, int64_t& seconds) {
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return false;
    seconds = days_from_civil(y, mo, d) * kSecondsPerDay + clock;
    return true;
}

}  // namespace

bool parse_datetime(std::string_view text, int64_t& seconds) {
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    size_t pos = 0;
    int64_t a = 0, b = 0, c = 0, clock = 0;
    if (!read_number(text, pos, 1, 4, a)) return false;
    if (pos == 4 && read_char(text, pos, '-')) {  // ISO
        if (!read_number(text, pos, 2, 2, b) || !read_char(text, pos, '-') || !read_number(text, pos, 2, 2, c))
            return false;
        if (pos < text.size() && !((read_char(text, pos, ' ') || read_char(text, pos, 'T')) && read_clock(text, pos, clock)))
            return false;
        return pos == text.size() && finish(a, b, c, clock, seconds);
    }
    // M/D/YYYY H:MM (the UCI rendering)
    if (!read_char(text, pos, '/') || !read_number(text, pos, 1, 2, b) || !read_char(text, pos, '/') ||
        !read_number(text, pos, 4, 4, c))
        return false;
    if (pos < text.size() && !(read_char(text, pos, ' ') && read_clock(text, pos, clock))) return false;
    return pos == text.size() && finish(c, a, b, clock, seconds);
}

int64_t reference_time(const std::string& param_value, int64_t last_event, const std::string& op) {
    if (!param_value.empty()) {
        int64_t seconds = 0;
        if (!parse_datetime(param_value, seconds))
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
