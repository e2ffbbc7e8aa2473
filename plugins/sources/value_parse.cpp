#include "value_parse.h"

#include <charconv>
#include <cmath>

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

}  // namespace persona::sources
