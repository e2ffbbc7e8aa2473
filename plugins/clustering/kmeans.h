// k-means: greedy k-means++ seeding and Lloyd iterations, several seeded restarts, the lowest inertia kept.
#pragma once
#include <cstdint>
#include <vector>

#include "feature_matrix.h"
#include "random_draws.h"

namespace persona::clustering {

// Settings of one k-means fit.
struct KMeansOptions {
    int64_t k = 8;            // segments, 1 .. rows
    int64_t restarts = 10;    // independent seeded runs; the lowest inertia wins (ties: the earliest run)
    int64_t max_iter = 300;   // Lloyd iterations per run
    double tol = 1e-4;        // stop when the summed squared center shift <= tol * mean feature variance
    uint64_t seed = 1;        // restart r draws from mix_seed(seed, r)
    int threads = 1;          // restarts run in parallel on this many threads (same result for any count)
};

// The kept run: centers, labels numbered by size (segment 0 is the largest), distances and inertia.
struct KMeansFit {
    RowMatrix centers;                    // k x features, in the space of the data; row s = segment s
    std::vector<int64_t> labels;          // per row, in [0, k)
    std::vector<double> distances;        // Euclidean distance of each row to its segment's center
    std::vector<int64_t> sizes;           // rows per segment (0 only when the data has fewer than k distinct rows)
    double inertia = 0;                   // sum of squared distances
    int64_t iterations = 0;               // Lloyd iterations of the kept run
    bool converged = false;               // the kept run met tol (or stopped changing) before max_iter
    int64_t restart = 0;                  // index of the kept run
    std::vector<double> restart_inertias; // every run's inertia, in run order
};

// Greedy k-means++ (Arthur & Vassilvitskii 2007): the first center is a uniform row; each next one is the best
// (lowest resulting potential) of 2 + floor(ln k) rows drawn with probability proportional to D(x)^2.
RowMatrix kmeanspp_seeds(const RowMatrix& x, int64_t k, RandomDraws& draws);

// Fits k-means to the rows of x. Requires 1 <= k <= rows (checked by the caller).
KMeansFit fit_kmeans(const RowMatrix& x, const KMeansOptions& options);

}  // namespace persona::clustering
