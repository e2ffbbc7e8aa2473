// Edit-distance suggestions for misspelt step ids and keys.
#include "close_names.h"

#include <algorithm>
#include <utility>

namespace persona::dsl::detail {

namespace {

// Edit distance where a swap of two neighbouring letters counts as one edit (optimal string alignment).
size_t edit_distance(const std::string& a, const std::string& b) {
    const size_t width = b.size() + 1;
    std::vector<size_t> d((a.size() + 1) * width);
    for (size_t i = 0; i <= a.size(); ++i) d[i * width] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = std::min({d[(i - 1) * width + j] + 1, d[i * width + j - 1] + 1, d[(i - 1) * width + j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                best = std::min(best, d[(i - 2) * width + j - 2] + 1);
            d[i * width + j] = best;
        }
    }
    return d[a.size() * width + b.size()];
}

}  // namespace

std::vector<std::string> close_names(const std::string& name, const std::vector<std::string>& candidates) {
    const size_t limit = name.size() < 3 ? 0 : std::max<size_t>(1, name.size() / 3);  // short names: exact only
    std::vector<std::pair<size_t, std::string>> scored;
    for (const std::string& candidate : candidates) {
        if (candidate == name) continue;
        size_t distance = edit_distance(name, candidate);
        bool prefix = name.size() >= 3 && (candidate.rfind(name, 0) == 0 || name.rfind(candidate, 0) == 0);
        if (distance <= limit || prefix) scored.emplace_back(distance, candidate);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<std::string> out;
    for (size_t i = 0; i < scored.size() && i < 3; ++i) out.push_back(scored[i].second);
    return out;
}

std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates) {
    std::vector<std::string> close = close_names(name, candidates);
    if (close.empty()) return "";
    std::string out = "; did you mean ";
    for (size_t i = 0; i < close.size(); ++i) {
        if (i > 0) out += (i + 1 == close.size()) ? " or " : ", ";
        out += "'" + close[i] + "'";
    }
    return out + "?";
}

std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

}  // namespace persona::dsl::detail
