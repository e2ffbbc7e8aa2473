// Cluster quality: the silhouette coefficient and the Davies-Bouldin index of labelled rows.
#pragma once
#include <cstdint>
#include <vector>

#include "feature_matrix.h"

namespace persona::clustering {

// Mean silhouette of `rows` measured against `rows` only (the sample): for row i in segment A, a = mean distance
// to the other sampled rows of A, b = the smallest mean distance to the sampled rows of another segment,
// s = (b - a) / max(a, b), and s = 0 when i is alone in A (Rousseeuw 1987). Labels must be >= 0.
// NaN when the rows span fewer than 2 segments.
double silhouette(const RowMatrix& x, const std::vector<int64_t>& labels, const std::vector<int64_t>& rows);

// Davies-Bouldin index of `rows` (Davies & Bouldin 1979): S = mean distance of a segment's rows to its centroid,
// M = distance between centroids, DB = mean over segments of max over others of (S_a + S_b) / M_ab
// (a pair with M = 0 counts 0). Lower is better. Labels must be >= 0. NaN with fewer than 2 segments.
double davies_bouldin(const RowMatrix& x, const std::vector<int64_t>& labels, const std::vector<int64_t>& rows);

}  // namespace persona::clustering

namespace persona::clustering {

// How well segments agree with known classes, over rows that have both.
struct TruthAgreement {
    double adjusted_rand = 0;  // Hubert & Arabie 1985: 1 = the same partition, ~0 = chance, may be negative
    double purity = 0;         // share of rows whose segment's most common class is their own
    int64_t rows = 0;
};

// segments[i] and classes[i] label row i (noise, segment -1, counts as one more segment). Both vectors have
// equal lengths; NaN scores when there are fewer than 2 rows.
TruthAgreement truth_agreement(const std::vector<int64_t>& segments, const std::vector<int64_t>& classes);

}  // namespace persona::clustering
