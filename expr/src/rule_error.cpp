// Formats positioned error messages; positions count characters (UTF-8 aware), not bytes.
#include "rule_error.h"

#include "persona/error.h"

namespace persona::expr::detail {

namespace {

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Number of characters in the first `bytes` bytes of `text`.
size_t characters_before(const std::string& text, size_t bytes) {
    size_t count = 0;
    for (size_t i = 0; i < bytes && i < text.size(); ++i)
        if (!is_continuation_byte(text[i])) ++count;
    return count + (bytes > text.size() ? bytes - text.size() : 0);
}

// The rule on one line: newlines and tabs become spaces so that the caret lines up.
std::string one_line(const std::string& text) {
    std::string out = text;
    for (char& c : out)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    return out;
}

}  // namespace

std::string message_at(const std::string& text, size_t offset, const std::string& message) {
    size_t column = characters_before(text, offset);
    return "at character " + std::to_string(column + 1) + ": " + message + "\n  " + one_line(text) + "\n  " +
           std::string(column, ' ') + "^";
}

void fail_at(const std::string& text, size_t offset, const std::string& message) {
    throw Error(message_at(text, offset, message));
}

}  // namespace persona::expr::detail
