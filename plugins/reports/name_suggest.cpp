#include "name_suggest.h"

#include <algorithm>
#include <cctype>

namespace persona::reports {

namespace {

bool same_letter(char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
}

// Edits (insert, delete, replace, swap two neighbours) from a to b, ignoring ASCII case.
size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i)
        for (size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                                d[i - 1][j - 1] + (same_letter(a[i - 1], b[j - 1]) ? 0 : 1)});
            if (i > 1 && j > 1 && same_letter(a[i - 1], b[j - 2]) && same_letter(a[i - 2], b[j - 1]))
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

}  // namespace

std::string join_names(const std::vector<std::string>& names) {
    if (names.empty()) return "none";
    std::string text;
    for (const std::string& name : names) {
        if (!text.empty()) text += ", ";
        text += name;
    }
    return text;
}

std::string closest_name(const std::string& name, const std::vector<std::string>& known) {
    const size_t allowed = std::max<size_t>(2, name.size() / 3);
    std::string best;
    size_t best_distance = allowed + 1;
    for (const std::string& candidate : known) {
        const size_t distance = edit_distance(name, candidate);
        if (distance < best_distance) {  // the first of equally close names wins
            best = candidate;
            best_distance = distance;
        }
    }
    return best;
}

std::string did_you_mean(const std::string& name, const std::vector<std::string>& known) {
    const std::string close = closest_name(name, known);
    return close.empty() || close == name ? "" : "; did you mean '" + close + "'?";
}

}  // namespace persona::reports
