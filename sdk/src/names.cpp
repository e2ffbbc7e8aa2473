#include "persona/names.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace persona {

namespace {

std::string lower(const std::string& s) {
    std::string out = s;
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool is_close(const std::string& name, const std::string& candidate, size_t distance) {
    if (distance <= std::max<size_t>(1, name.size() / 3)) return true;
    const std::string a = lower(name), b = lower(candidate);
    return a.size() >= 3 && b.size() >= 3 && (b.find(a) != std::string::npos || a.find(b) != std::string::npos);
}

}  // namespace

size_t edit_distance(const std::string& a_text, const std::string& b_text) {
    const std::string a = lower(a_text), b = lower(b_text);
    const size_t width = b.size() + 1;
    std::vector<size_t> d((a.size() + 1) * width);
    for (size_t i = 0; i <= a.size(); ++i) d[i * width] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = std::min({d[(i - 1) * width + j] + 1, d[i * width + j - 1] + 1, d[(i - 1) * width + j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                best = std::min(best, d[(i - 2) * width + j - 2] + 1);
            d[i * width + j] = best;
        }
    }
    return d[a.size() * width + b.size()];
}

std::vector<std::string> close_names(const std::string& name, const std::vector<std::string>& candidates) {
    std::vector<std::pair<size_t, std::string>> scored;
    for (const std::string& candidate : candidates) {
        if (candidate == name) continue;
        const size_t distance = edit_distance(name, candidate);
        if (is_close(name, candidate, distance)) scored.emplace_back(distance, candidate);
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<std::string> out;
    for (size_t i = 0; i < scored.size() && i < 3; ++i) out.push_back(scored[i].second);
    return out;
}

std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates) {
    const std::vector<std::string> close = close_names(name, candidates);
    if (close.empty()) return "";
    std::string out = "; did you mean ";
    for (size_t i = 0; i < close.size(); ++i) {
        if (i > 0) out += (i + 1 == close.size()) ? " or " : ", ";
        out += "'" + close[i] + "'";
    }
    return out + "?";
}

std::string join_names(const std::vector<std::string>& names) {
    if (names.empty()) return "none";
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

}  // namespace persona
