// Helpers for error messages that name what exists: "known: a, b, c" lists and close-name suggestions.
#pragma once
#include <string>
#include <vector>

namespace persona::reports {

// "a, b, c" ("none" when empty).
std::string join_names(const std::vector<std::string>& names);

// The known name closest to `name` when it is a likely typo (a few edits away, case ignored), else "".
std::string closest_name(const std::string& name, const std::vector<std::string>& known);

// "; did you mean 'x'?" for a likely typo of a known name, else "".
std::string did_you_mean(const std::string& name, const std::vector<std::string>& known);

}  // namespace persona::reports
