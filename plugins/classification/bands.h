// Bands: cutting a number line at increasing edges into labelled, left-closed intervals.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace persona::classification {

// Edges e0 < e1 < ... < e(n-1) cut the line into n + 1 bands: (-inf, e0), [e0, e1), ..., [e(n-1), +inf).
struct Bands {
    std::vector<double> edges;
    std::vector<std::string> labels;  // one per band (edges.size() + 1)

    // The band of a value (0..edges.size()); -1 for NaN.
    int64_t band_of(double value) const;
};

// Checks the edges (at least one, finite, strictly increasing) and the labels (none: made from the
// edges, e.g. "< 18", "18-25", ">= 56"; else exactly one per band, distinct). `op` prefixes errors.
Bands make_bands(const std::vector<double>& edges, const std::vector<std::string>& labels, const std::string& op);

}  // namespace persona::classification
