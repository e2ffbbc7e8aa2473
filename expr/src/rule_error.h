// Error messages that point into the rule text: "at character N: ..." plus the text and a caret.
#pragma once
#include <cstddef>
#include <string>

namespace persona::expr::detail {

// "at character N: message\n  <text>\n  <spaces>^" where N is the 1-based character at byte `offset`.
std::string message_at(const std::string& text, size_t offset, const std::string& message);

// Throws persona::Error with message_at(text, offset, message).
[[noreturn]] void fail_at(const std::string& text, size_t offset, const std::string& message);

}  // namespace persona::expr::detail
