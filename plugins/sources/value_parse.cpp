#include "value_parse.h"

#include <charconv>
#include <cmath>

#include "persona/calendar.h"

namespace persona::sources {

std::string_view trim_blanks(std::string_view text) {
    size_t b = 0, e = text.size();
    while (b < e && (text[b] == ' ' || text[b] == '\t')) ++b;
    while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t')) --e;
    return text.substr(b, e - b);
}

bool parse_int64(std::string_view text, int64_t& out) {
    const char* p = text.data();
    const char* end = p + text.size();
    if (p != end && *p == '+') ++p;
    if (p == end) return false;
    auto [next, ec] = std::from_chars(p, end, out);
    return ec == std::errc() && next == end;
}

bool parse_float64(std::string_view text, double& out) {
    const char* p = text.data();
    const char* end = p + text.size();
    if (p != end && *p == '+') ++p;
    if (p == end) return false;
    // Only plain decimal spellings: a digit or '.' must come first (after an optional '-').
    const char* q = (*p == '-') ? p + 1 : p;
    if (q == end || !((*q >= '0' && *q <= '9') || *q == '.')) return false;
    {
        // Exact fast path for short plain decimals ("-12.75"): an integer mantissa below 2^53 divided by an
        // exact power of ten is correctly rounded, so it equals what from_chars gives.
        static const double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
        const char* r = q;
        uint64_t mantissa = 0;
        int digits = 0, frac = 0;
        while (r != end && *r >= '0' && *r <= '9') { mantissa = mantissa * 10 + static_cast<unsigned>(*r - '0'); ++r; ++digits; }
        if (digits > 0 && r != end && *r == '.') {
            ++r;
            while (r != end && *r >= '0' && *r <= '9') { mantissa = mantissa * 10 + static_cast<unsigned>(*r - '0'); ++r; ++digits; ++frac; }
            if (frac == 0) digits = 99;  // "5.": leave to from_chars
        }
        if (r == end && digits > 0 && digits <= 15) {
            const double v = static_cast<double>(mantissa) / kPow10[frac];
            out = (q != p) ? -v : v;
            return true;
        }
    }
    auto [next, ec] = std::from_chars(p, end, out, std::chars_format::general);
    return ec == std::errc() && next == end;
}

bool parse_int64_lenient(std::string_view text, int64_t& out) {
    if (parse_int64(text, out)) return true;
    double d;
    if (!parse_float64(text, d) || std::floor(d) != d || std::fabs(d) > 9.0e18) return false;
    out = static_cast<int64_t>(d);
    return true;
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

}  // namespace persona::sources
