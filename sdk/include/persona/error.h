// Errors: one exception type carrying a human-readable message with its context.
#pragma once
#include <stdexcept>
#include <string>

namespace persona {

// The one exception type of Persona; its message says where and what was expected.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace persona
