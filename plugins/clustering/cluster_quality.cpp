#include "cluster_quality.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace persona::clustering {

namespace {

// Dense segment numbers 0 .. s-1 for the labels of `rows` (ascending label order).
std::vector<int64_t> dense_labels(const std::vector<int64_t>& labels, const std::vector<int64_t>& rows,
                                  int64_t& segments) {
    std::vector<int64_t> distinct;
    for (int64_t r : rows) distinct.push_back(labels[r]);
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    segments = static_cast<int64_t>(distinct.size());
    std::vector<int64_t> dense;
    dense.reserve(rows.size());
    for (int64_t r : rows)
        dense.push_back(std::lower_bound(distinct.begin(), distinct.end(), labels[r]) - distinct.begin());
    return dense;
}

}  // namespace

double silhouette(const RowMatrix& x, const std::vector<int64_t>& labels, const std::vector<int64_t>& rows) {
    int64_t s = 0;
    const std::vector<int64_t> seg = dense_labels(labels, rows, s);
    if (s < 2) return std::nan("");
    const int64_t m = static_cast<int64_t>(rows.size());
    std::vector<int64_t> count(static_cast<size_t>(s), 0);
    for (int64_t l : seg) ++count[l];
    // sums[i * s + t] = summed distance from sampled row i to the sampled rows of segment t.
    std::vector<double> sums(static_cast<size_t>(m * s), 0.0);
    for (int64_t i = 0; i < m; ++i)
        for (int64_t j = i + 1; j < m; ++j) {
            const double d = (x.row(rows[i]) - x.row(rows[j])).norm();
            sums[i * s + seg[j]] += d;
            sums[j * s + seg[i]] += d;
        }
    double total = 0;
    for (int64_t i = 0; i < m; ++i) {
        const int64_t own = seg[i];
        if (count[own] == 1) continue;  // a row alone in its segment scores 0
        const double a = sums[i * s + own] / static_cast<double>(count[own] - 1);
        double b = std::numeric_limits<double>::infinity();
        for (int64_t t = 0; t < s; ++t)
            if (t != own) b = std::min(b, sums[i * s + t] / static_cast<double>(count[t]));
        const double denom = std::max(a, b);
        total += denom > 0 ? (b - a) / denom : 0.0;
    }
    return total / static_cast<double>(m);
}

double davies_bouldin(const RowMatrix& x, const std::vector<int64_t>& labels, const std::vector<int64_t>& rows) {
    int64_t s = 0;
    const std::vector<int64_t> seg = dense_labels(labels, rows, s);
    if (s < 2) return std::nan("");
    RowMatrix centroids = RowMatrix::Zero(s, x.cols());
    std::vector<int64_t> count(static_cast<size_t>(s), 0);
    for (size_t i = 0; i < rows.size(); ++i) {
        centroids.row(seg[i]) += x.row(rows[i]);
        ++count[seg[i]];
    }
    for (int64_t t = 0; t < s; ++t) centroids.row(t) /= static_cast<double>(count[t]);
    std::vector<double> scatter(static_cast<size_t>(s), 0.0);
    for (size_t i = 0; i < rows.size(); ++i) scatter[seg[i]] += (x.row(rows[i]) - centroids.row(seg[i])).norm();
    for (int64_t t = 0; t < s; ++t) scatter[t] /= static_cast<double>(count[t]);
    double total = 0;
    for (int64_t a = 0; a < s; ++a) {
        double worst = 0;
        for (int64_t b = 0; b < s; ++b) {
            if (b == a) continue;
            const double separation = (centroids.row(a) - centroids.row(b)).norm();
            if (separation > 0) worst = std::max(worst, (scatter[a] + scatter[b]) / separation);
        }
        total += worst;
    }
    return total / static_cast<double>(s);
}

}  // namespace persona::clustering

namespace persona::clustering {

namespace {

double pairs(double n) { return n * (n - 1) / 2; }

}  // namespace

TruthAgreement truth_agreement(const std::vector<int64_t>& segments, const std::vector<int64_t>& classes) {
    TruthAgreement out;
    out.rows = static_cast<int64_t>(segments.size());
    if (out.rows < 2) {
        out.adjusted_rand = out.purity = std::nan("");
        return out;
    }
    std::map<std::pair<int64_t, int64_t>, int64_t> cells;
    std::map<int64_t, int64_t> per_segment, per_class;
    for (size_t i = 0; i < segments.size(); ++i) {
        ++cells[{segments[i], classes[i]}];
        ++per_segment[segments[i]];
        ++per_class[classes[i]];
    }
    double same_both = 0, same_segment = 0, same_class = 0;
    std::map<int64_t, int64_t> largest_class_in_segment;
    for (const auto& [key, n] : cells) {
        same_both += pairs(static_cast<double>(n));
        int64_t& top = largest_class_in_segment[key.first];
        top = std::max(top, n);
    }
    for (const auto& [segment, n] : per_segment) same_segment += pairs(static_cast<double>(n));
    for (const auto& [cls, n] : per_class) same_class += pairs(static_cast<double>(n));
    const double expected = same_segment * same_class / pairs(static_cast<double>(out.rows));
    const double most = (same_segment + same_class) / 2;
    out.adjusted_rand = most == expected ? 1.0 : (same_both - expected) / (most - expected);
    int64_t pure = 0;
    for (const auto& [segment, n] : largest_class_in_segment) pure += n;
    out.purity = static_cast<double>(pure) / static_cast<double>(out.rows);
    return out;
}

}  // namespace persona::clustering
