// Suggesting names close to a misspelt one, for "did you mean ...?" messages (private to the DSL).
#pragma once
#include <string>
#include <vector>

namespace persona::dsl::detail {

// Up to three candidates within a small edit distance of `name` (or sharing its prefix), closest first.
std::vector<std::string> close_names(const std::string& name, const std::vector<std::string>& candidates);

// "; did you mean 'a' or 'b'?" for the close candidates, or "" when none is close.
std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates);

// "a, b, c": the names joined by ", ".
std::string join(const std::vector<std::string>& names);

}  // namespace persona::dsl::detail
