// Parsing param text into typed values: whole-string int64 / float64, and time bounds.
#pragma once
#include <cstdint>
#include <string_view>

namespace persona::transforms {

// True when the whole text is a base-10 int64 (optional leading '-'); stores it in out.
bool parse_int64(std::string_view text, int64_t& out);

// True when the whole text is a finite or infinite decimal number ("nan" is refused); stores it in out.
bool parse_float64(std::string_view text, double& out);

// Unix seconds (UTC) from "1700000000" or an ISO date or date-time ("YYYY-MM-DD[ HH:MM[:SS]]", 'T' also
// separates: the SDK's parse_datetime); false when the text is none of these or names an impossible date.
bool parse_time_bound(std::string_view text, int64_t& seconds);

}  // namespace persona::transforms
