// RFM scoring: quantile scores 1..5 by average rank (equal values get equal scores) and the segment map.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "persona/artifact.h"

namespace persona::profiles {

// Scores 1..bins by quantile of average rank: each value gets the mean of the 1-based positions its
// ties occupy in ascending order (pandas rank(method="average")), and score = ceil(bins * rank / n),
// clamped to [1, bins]. With higher_is_better false the ranks are taken in descending order instead.
std::vector<int64_t> quantile_scores(const std::vector<double>& values, int bins, bool higher_is_better);

// The FM score: the mean of the F and M scores rounded half up, (f + m + 1) / 2.
inline int64_t fm_score(int64_t f, int64_t m) { return (f + m + 1) / 2; }

// Which segment each cell of the R x FM grid belongs to (both scores 1..5).
struct SegmentMap {
    std::vector<std::string> names;  // segment names (the param map's key order)
    int64_t cell[5][5];              // [r - 1][fm - 1] -> index into names
};

// The default map (documented in README.md): Champions, Loyal, Potential Loyalist, New, Promising,
// Need Attention, About to Sleep, At Risk, Cannot Lose, Hibernating, Lost.
Json default_segments();

// Reads {name: {r: [lo, hi], fm: [lo, hi]} or a list of such boxes}; the boxes must cover every
// (r, fm) cell exactly once. Errors name op, the segment and the cell.
SegmentMap parse_segments(const Json& segments, const std::string& op);

}  // namespace persona::profiles
