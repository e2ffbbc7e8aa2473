// Parsing of single text values (integers, numbers) without allocation; dates are the SDK's
// persona/calendar.h parse_datetime.
#pragma once
#include <cstdint>
#include <string_view>

#include "persona/calendar.h"

namespace persona::sources {

// Drops leading and trailing spaces and tabs.
std::string_view trim_blanks(std::string_view text);

// A whole-string integer ("-12", "+7"); false for anything else (including "1.0" and overflow).
bool parse_int64(std::string_view text, int64_t& out);

// An integer, or a number with no fractional part ("17850.0"), for columns declared int64.
bool parse_int64_lenient(std::string_view text, int64_t& out);

// A whole-string decimal number ("3.5", "-1e3", ".5"); false for words such as "nan" or "inf".
bool parse_float64(std::string_view text, double& out);

}  // namespace persona::sources
