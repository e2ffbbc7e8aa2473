// DBSCAN (Ester et al. 1996): segments are eps-connected dense regions; rows in no dense region are noise.
#pragma once
#include <cstdint>
#include <vector>

#include "feature_matrix.h"

namespace persona::clustering {

// The result: labels numbered by size (segment 0 is the largest), -1 for noise.
struct DbscanFit {
    std::vector<int64_t> labels;   // per row: segment, or -1 = noise
    std::vector<uint8_t> core;     // per row: 1 when at least min_points rows (itself included) lie within eps
    int64_t segments = 0;
    int64_t noise = 0;             // rows labelled -1
};

// A core row starts a segment and pulls in every row within eps; core rows reached continue the chain.
// A border row (not core) reachable from two segments joins the one grown first (from the earliest core row),
// before renumbering by size. Requires eps > 0 and min_points >= 1.
DbscanFit fit_dbscan(const RowMatrix& x, double eps, int64_t min_points);

}  // namespace persona::clustering
