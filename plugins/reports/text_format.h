// Text helpers shared by the report pages and charts: HTML escaping and number formatting.
#pragma once
#include <string>
#include <string_view>

#include "persona/artifact.h"

namespace persona::reports {

// Appends text to out with & < > " ' replaced by entities (safe in element text and attributes).
void append_escaped(std::string& out, std::string_view text);

// The escaped copy of text.
std::string html_escape(std::string_view text);

// Appends a number with 4 significant digits in plain notation, trailing zeros dropped
// (0.031234 -> "0.03123", 12.3456 -> "12.35", 1234.5 -> "1235", 3 -> "3").
// Integers below 1e15 are written whole; |x| < 1e-4 or >= 1e15 uses exponent form; NaN is "–".
void append_number(std::string& out, double value);

// The formatted copy of a number (see append_number).
std::string format_number(double value);

// Compact one-line JSON (keys sorted, invalid UTF-8 replaced) for params and notes.
std::string compact_json(const Json& value);

}  // namespace persona::reports
