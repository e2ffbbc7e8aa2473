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

bool parse_time_bound(std::string_view text, int64_t& seconds) {
    return parse_int64(text, seconds) || parse_datetime(text, DateFormats::IsoOnly, seconds);
}

}  // namespace persona::transforms
