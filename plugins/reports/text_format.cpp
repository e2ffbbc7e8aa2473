#include "text_format.h"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace persona::reports {

void append_escaped(std::string& out, std::string_view text) {
    size_t plain_start = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const char* entity = nullptr;
        switch (text[i]) {
            case '&': entity = "&amp;"; break;
            case '<': entity = "&lt;"; break;
            case '>': entity = "&gt;"; break;
            case '"': entity = "&quot;"; break;
            case '\'': entity = "&#39;"; break;
            default: continue;
        }
        out.append(text.data() + plain_start, i - plain_start);
        out.append(entity);
        plain_start = i + 1;
    }
    out.append(text.data() + plain_start, text.size() - plain_start);
}

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    append_escaped(out, text);
    return out;
}

namespace {

// Drops trailing zeros (and a bare trailing point) from the fixed-notation digits in [begin, end).
char* strip_trailing_zeros(char* begin, char* end) {
    char* point = begin;
    while (point < end && *point != '.') ++point;
    if (point == end) return end;
    while (end > point + 1 && end[-1] == '0') --end;
    if (end == point + 1) --end;
    return end;
}

// Writes tiny or huge values as "1.234e-06" (mantissa zeros dropped).
void append_scientific(std::string& out, double value) {
    char buffer[64];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific, 3);
    char* exponent = buffer;
    while (exponent < result.ptr && *exponent != 'e') ++exponent;
    char* mantissa_end = strip_trailing_zeros(buffer, exponent);
    out.append(buffer, mantissa_end);
    out.append(exponent, result.ptr);
}

}  // namespace

void append_number(std::string& out, double value) {
    if (std::isnan(value)) {
        out.append("\xE2\x80\x93");  // en dash: missing
        return;
    }
    if (std::isinf(value)) {
        out.append(value > 0 ? "inf" : "-inf");
        return;
    }
    char buffer[64];
    const double magnitude = std::fabs(value);
    if (value == std::trunc(value) && magnitude < 1e15) {
        auto result = std::to_chars(buffer, buffer + sizeof buffer, static_cast<int64_t>(value));
        out.append(buffer, result.ptr);
        return;
    }
    if (magnitude < 1e-4 || magnitude >= 1e15) {
        append_scientific(out, value);
        return;
    }
    const int exponent = static_cast<int>(std::floor(std::log10(magnitude)));
    const int decimals = exponent >= 3 ? 0 : 3 - exponent;
    auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
    out.append(buffer, strip_trailing_zeros(buffer, result.ptr));
}

std::string format_number(double value) {
    std::string out;
    append_number(out, value);
    return out;
}

std::string compact_json(const Json& value) {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace persona::reports
