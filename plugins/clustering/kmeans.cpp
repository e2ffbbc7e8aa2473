#include "kmeans.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <thread>

#include "segment_order.h"

namespace persona::clustering {

namespace {

constexpr int64_t kBlockRows = 2048;  // rows per distance block (a block x k product stays in cache)

// One Lloyd run from its seeds.
struct LloydRun {
    RowMatrix centers;
    std::vector<int64_t> labels;
    std::vector<double> d2;  // squared distance of each row to its center
    double inertia = 0;
    int64_t iterations = 0;
    bool converged = false;
};

double squared_distance(const RowMatrix& x, int64_t row, const RowMatrix& centers, int64_t center) {
    return (x.row(row) - centers.row(center)).squaredNorm();
}

// Labels every row with its nearest center (ties: the lower center) and stores the exact squared distance.
// The nearest center is found from |c|^2 - 2 x.c, one matrix product per block of rows.
void assign_nearest(const RowMatrix& x, const RowMatrix& centers, std::vector<int64_t>& labels,
                    std::vector<double>& d2) {
    const int64_t n = x.rows(), k = centers.rows();
    const Eigen::VectorXd center_norms = centers.rowwise().squaredNorm();
    RowMatrix cross;
    for (int64_t begin = 0; begin < n; begin += kBlockRows) {
        const int64_t len = std::min(kBlockRows, n - begin);
        cross.noalias() = x.middleRows(begin, len) * centers.transpose();
        for (int64_t i = 0; i < len; ++i) {
            int64_t best = 0;
            double best_score = center_norms(0) - 2 * cross(i, 0);
            for (int64_t c = 1; c < k; ++c) {
                const double score = center_norms(c) - 2 * cross(i, c);
                if (score < best_score) {
                    best_score = score;
                    best = c;
                }
            }
            labels[begin + i] = best;
            d2[begin + i] = squared_distance(x, begin + i, centers, best);
        }
    }
}

// Moves into each empty cluster the row farthest from its own center (taken from a cluster with more than
// one row; ties: the earlier row). A cluster stays empty when every such row sits on its center.
void refill_empty_clusters(std::vector<int64_t>& labels, std::vector<double>& d2, std::vector<int64_t>& counts) {
    const int64_t k = static_cast<int64_t>(counts.size());
    for (int64_t c = 0; c < k; ++c) {
        if (counts[c] > 0) continue;
        int64_t far = -1;
        for (size_t r = 0; r < labels.size(); ++r)
            if (counts[labels[r]] > 1 && d2[r] > 0 && (far < 0 || d2[r] > d2[far])) far = static_cast<int64_t>(r);
        if (far < 0) continue;
        --counts[labels[far]];
        labels[far] = c;
        counts[c] = 1;
        d2[far] = 0;
    }
}

// The mean of each cluster's rows; an empty cluster keeps its previous center.
RowMatrix cluster_means(const RowMatrix& x, const std::vector<int64_t>& labels, const std::vector<int64_t>& counts,
                        const RowMatrix& previous) {
    RowMatrix sums = RowMatrix::Zero(previous.rows(), previous.cols());
    for (int64_t r = 0; r < x.rows(); ++r) sums.row(labels[r]) += x.row(r);
    for (int64_t c = 0; c < sums.rows(); ++c)
        sums.row(c) = counts[c] > 0 ? RowMatrix(sums.row(c) / static_cast<double>(counts[c])) : RowMatrix(previous.row(c));
    return sums;
}

std::vector<int64_t> count_labels(const std::vector<int64_t>& labels, int64_t k) {
    std::vector<int64_t> counts(static_cast<size_t>(k), 0);
    for (int64_t l : labels) ++counts[l];
    return counts;
}

// The absolute shift tolerance: tol times the mean variance of the feature columns.
double absolute_tolerance(const RowMatrix& x, double tol) {
    const Eigen::RowVectorXd mean = x.colwise().mean();
    const double variance = (x.rowwise() - mean).array().square().sum() / static_cast<double>(x.size());
    return tol * variance;
}

LloydRun run_lloyd(const RowMatrix& x, RowMatrix seeds, int64_t max_iter, double tol_abs) {
    const int64_t n = x.rows(), k = seeds.rows();
    LloydRun run;
    run.centers = std::move(seeds);
    run.labels.assign(static_cast<size_t>(n), 0);
    run.d2.assign(static_cast<size_t>(n), 0.0);
    assign_nearest(x, run.centers, run.labels, run.d2);
    std::vector<int64_t> previous;
    for (int64_t it = 1; it <= max_iter; ++it) {
        std::vector<int64_t> counts = count_labels(run.labels, k);
        refill_empty_clusters(run.labels, run.d2, counts);
        RowMatrix next = cluster_means(x, run.labels, counts, run.centers);
        const double shift = (next - run.centers).squaredNorm();
        run.centers = std::move(next);
        previous = run.labels;
        assign_nearest(x, run.centers, run.labels, run.d2);
        run.iterations = it;
        if (shift <= tol_abs || previous == run.labels) {
            run.converged = true;
            break;
        }
    }
    run.inertia = 0;
    for (double v : run.d2) run.inertia += v;
    return run;
}

// Runs restart r on its own seed.
LloydRun run_restart(const RowMatrix& x, const KMeansOptions& options, int64_t r, double tol_abs) {
    RandomDraws draws(mix_seed(options.seed, static_cast<uint64_t>(r)));
    return run_lloyd(x, kmeanspp_seeds(x, options.k, draws), options.max_iter, tol_abs);
}

// Numbers the kept run's segments by size and reorders its centers to match.
KMeansFit to_fit(LloydRun run, int64_t restart, std::vector<double> inertias) {
    const int64_t k = run.centers.rows();
    KMeansFit fit;
    fit.labels = std::move(run.labels);
    const std::vector<int64_t> renumber = order_segments_by_size(fit.labels, k);
    fit.centers.resize(k, run.centers.cols());
    int64_t next_empty = k;
    for (int64_t c = k - 1; c >= 0; --c)  // empty clusters (no new number) go last, in their old order
        if (renumber[c] < 0) --next_empty;
    for (int64_t c = 0, empty = next_empty; c < k; ++c)
        fit.centers.row(renumber[c] >= 0 ? renumber[c] : empty++) = run.centers.row(c);
    fit.sizes = count_labels(fit.labels, k);
    fit.distances.resize(run.d2.size());
    for (size_t r = 0; r < run.d2.size(); ++r) fit.distances[r] = std::sqrt(run.d2[r]);
    fit.inertia = run.inertia;
    fit.iterations = run.iterations;
    fit.converged = run.converged;
    fit.restart = restart;
    fit.restart_inertias = std::move(inertias);
    return fit;
}

}  // namespace

RowMatrix kmeanspp_seeds(const RowMatrix& x, int64_t k, RandomDraws& draws) {
    const int64_t n = x.rows();
    RowMatrix centers(k, x.cols());
    const int64_t first = draws.index(n);
    centers.row(0) = x.row(first);
    std::vector<double> closest(static_cast<size_t>(n));
    for (int64_t r = 0; r < n; ++r) closest[r] = squared_distance(x, r, centers, 0);
    const int64_t trials = 2 + static_cast<int64_t>(std::log(static_cast<double>(k)));
    std::vector<double> prefix(static_cast<size_t>(n)), candidate(static_cast<size_t>(n)), best;
    for (int64_t c = 1; c < k; ++c) {
        double running = 0;
        for (int64_t r = 0; r < n; ++r) prefix[r] = running += closest[r];
        const double potential = running;
        if (potential <= 0) {  // every row sits on a center: any row will do
            centers.row(c) = x.row(draws.index(n));
            continue;
        }
        int64_t best_row = -1;
        double best_potential = std::numeric_limits<double>::infinity();
        for (int64_t t = 0; t < trials; ++t) {
            const double target = draws.uniform() * potential;
            int64_t row = std::upper_bound(prefix.begin(), prefix.end(), target) - prefix.begin();
            row = std::min(row, n - 1);
            double total = 0;
            for (int64_t r = 0; r < n; ++r) {
                candidate[r] = std::min(closest[r], (x.row(r) - x.row(row)).squaredNorm());
                total += candidate[r];
            }
            if (total < best_potential) {
                best_potential = total;
                best_row = row;
                best = candidate;
            }
        }
        centers.row(c) = x.row(best_row);
        closest.swap(best);
    }
    return centers;
}

KMeansFit fit_kmeans(const RowMatrix& x, const KMeansOptions& options) {
    const double tol_abs = absolute_tolerance(x, options.tol);
    const int64_t runs = std::max<int64_t>(1, options.restarts);
    std::vector<LloydRun> results(static_cast<size_t>(runs));
    std::atomic<int64_t> next{0};
    std::vector<std::exception_ptr> failures(static_cast<size_t>(runs));
    auto worker = [&] {
        for (int64_t r = next++; r < runs; r = next++) {
            try {
                results[r] = run_restart(x, options, r, tol_abs);
            } catch (...) {
                failures[r] = std::current_exception();
            }
        }
    };
    const int64_t threads = std::min<int64_t>(std::max(1, options.threads), runs);
    std::vector<std::thread> pool;
    for (int64_t t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& th : pool) th.join();
    for (const auto& failure : failures)
        if (failure) std::rethrow_exception(failure);

    int64_t kept = 0;
    std::vector<double> inertias;
    for (int64_t r = 0; r < runs; ++r) {
        inertias.push_back(results[r].inertia);
        if (results[r].inertia < results[kept].inertia) kept = r;
    }
    return to_fit(std::move(results[kept]), kept, std::move(inertias));
}

}  // namespace persona::clustering
