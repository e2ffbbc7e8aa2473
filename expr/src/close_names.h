// "did you mean ...?" suggestions for misspelt column names.
#pragma once
#include <string>
#include <vector>

namespace persona::expr::detail {

// Edit distance (insert, delete, replace, swap of neighbours each count 1), ignoring letter case.
size_t edit_distance(const std::string& a, const std::string& b);

// "; did you mean 'a' or 'b'?" for up to three close candidates, or "" when none is close.
std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace persona::expr::detail
