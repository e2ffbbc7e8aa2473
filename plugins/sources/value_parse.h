// Parsing of single text values (integers, numbers, dates) without allocation.
#pragma once
#include <cstdint>
#include <string_view>

namespace persona::sources {

// Drops leading and trailing spaces and tabs.
std::string_view trim_blanks(std::string_view text);

// A whole-string integer ("-12", "+7"); false for anything else (including "1.0" and overflow).
bool parse_int64(std::string_view text, int64_t& out);

// An integer, or a number with no fractional part ("17850.0"), for columns declared int64.
bool parse_int64_lenient(std::string_view text, int64_t& out);

// A whole-string decimal number ("3.5", "-1e3", ".5"); false for words such as "nan" or "inf".
bool parse_float64(std::string_view text, double& out);

// Accepted date-time spellings.
enum class DateFormats { IsoOnly, Any };

// "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]" (also with 'T'), and with DateFormats::Any "M/D/YYYY[ H:MM[:SS]]" and
// "YYYYMMDD" (eight digits), as unix seconds UTC.
bool parse_datetime(std::string_view text, DateFormats formats, int64_t& out);

}  // namespace persona::sources
