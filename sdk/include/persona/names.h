// Error-message helpers that name what exists: "a, b, c" lists and "did you mean ...?" suggestions.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace persona {

// Edits from a to b (insert, delete, replace, or swap two neighbours: one each), ignoring ASCII letter case.
size_t edit_distance(const std::string& a, const std::string& b);

// Up to three candidates close to `name`, closest first (ties in candidate order): within max(1, length / 3)
// edits, or containing it or contained in it when both have three letters or more ("freq" -> "frequency").
// A candidate equal to `name` is not suggested.
std::vector<std::string> close_names(const std::string& name, const std::vector<std::string>& candidates);

// "; did you mean 'a' or 'b'?" for the close candidates, or "" when none is close.
std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates);

// "a, b, c"; "none" when there are no names.
std::string join_names(const std::vector<std::string>& names);

}  // namespace persona
