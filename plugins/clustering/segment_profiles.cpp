#include "segment_profiles.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>

namespace persona::clustering {

namespace {

constexpr double kThirdFeatureZ = 0.5;  // a third feature is named only when it stands out this much
constexpr double kAverageZ = 0.05;      // |z| below this reads "average"

// Column means of `m` over `rows`.
std::vector<double> mean_over(const RowMatrix& m, const std::vector<int64_t>& rows) {
    std::vector<double> mean(static_cast<size_t>(m.cols()), 0.0);
    for (int64_t r : rows)
        for (int64_t j = 0; j < m.cols(); ++j) mean[j] += m(r, j);
    for (double& v : mean) v /= static_cast<double>(rows.size());
    return mean;
}

// Population std of the columns of `m` over `rows`, around `mean`.
std::vector<double> std_over(const RowMatrix& m, const std::vector<int64_t>& rows, const std::vector<double>& mean) {
    std::vector<double> var(static_cast<size_t>(m.cols()), 0.0);
    for (int64_t r : rows)
        for (int64_t j = 0; j < m.cols(); ++j) var[j] += (m(r, j) - mean[j]) * (m(r, j) - mean[j]);
    for (double& v : var) v = std::sqrt(v / static_cast<double>(rows.size()));
    return var;
}

// Means in original units: the plain mean, or for a log1p feature expm1 of the mean on the log scale (as the
// k-means centers are), so that a segment above the overall mean always has z > 0.
std::vector<double> original_units_mean(const FeatureMatrix& features, const std::vector<int64_t>& rows,
                                        const std::vector<double>& transformed_mean) {
    std::vector<double> mean = mean_over(features.original, rows);
    for (size_t j = 0; j < mean.size(); ++j)
        if (features.log1p[j]) mean[j] = std::expm1(transformed_mean[j]);
    return mean;
}

std::string format_feature(const std::string& name, double z) {
    const char* word = z >= kAverageZ ? "high" : (z <= -kAverageZ ? "low" : "average");
    char sd[32] = "0.0";
    if (std::abs(z) >= kAverageZ) std::snprintf(sd, sizeof sd, "%+.1f", z);
    return std::string(word) + " " + name + " (" + sd + " sd)";
}

}  // namespace

std::vector<SegmentProfile> profile_segments(const FeatureMatrix& features, const std::vector<int64_t>& labels,
                                             const std::vector<int64_t>& rows) {
    std::map<int64_t, std::vector<int64_t>> members;  // segment -> its rows
    for (int64_t r : rows) members[labels[r]].push_back(r);
    const std::vector<double> overall_t = mean_over(features.transformed, rows);
    const std::vector<double> overall = original_units_mean(features, rows, overall_t);
    const std::vector<double> spread_t = std_over(features.transformed, rows, overall_t);

    std::vector<SegmentProfile> profiles;
    for (const auto& [segment, segment_rows] : members) {
        SegmentProfile p;
        p.segment = segment;
        p.size = static_cast<int64_t>(segment_rows.size());
        p.share = static_cast<double>(p.size) / static_cast<double>(rows.size());
        const std::vector<double> mean_t = mean_over(features.transformed, segment_rows);
        p.mean = original_units_mean(features, segment_rows, mean_t);
        p.overall = overall;
        for (size_t j = 0; j < mean_t.size(); ++j)
            p.z.push_back(spread_t[j] > 0 ? (mean_t[j] - overall_t[j]) / spread_t[j] : 0.0);
        p.description = (segment < 0 ? "noise: " : "") + describe_segment(features.names, p.z);
        profiles.push_back(std::move(p));
    }
    // std::map orders -1 first; noise goes last.
    if (!profiles.empty() && profiles.front().segment < 0) std::rotate(profiles.begin(), profiles.begin() + 1, profiles.end());
    return profiles;
}

std::string describe_segment(const std::vector<std::string>& names, const std::vector<double>& z) {
    std::vector<size_t> order(z.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return std::abs(z[a]) > std::abs(z[b]); });
    std::string out;
    for (size_t i = 0; i < order.size() && i < 3; ++i) {
        if (i == 2 && std::abs(z[order[i]]) < kThirdFeatureZ) break;
        out += (out.empty() ? "" : ", ") + format_feature(names[order[i]], z[order[i]]);
    }
    return out;
}

void SegmentTableBuilder::add(const std::string& model, const std::vector<SegmentProfile>& profiles) {
    mean_.resize(names_.size());
    overall_.resize(names_.size());
    z_.resize(names_.size());
    for (const SegmentProfile& p : profiles) {
        model_.push(model);
        description_.push(p.description);
        segment_.push_back(p.segment);
        size_.push_back(p.size);
        share_.push_back(p.share);
        for (size_t j = 0; j < names_.size(); ++j) {
            mean_[j].push_back(p.mean[j]);
            overall_[j].push_back(p.overall[j]);
            z_[j].push_back(p.z[j]);
        }
    }
}

Table SegmentTableBuilder::finish() {
    mean_.resize(names_.size());
    overall_.resize(names_.size());
    z_.resize(names_.size());
    Table t;
    t.add(model_.finish("model"));
    t.add_int64("cluster", std::move(segment_));
    t.add_int64("size", std::move(size_));
    t.add_float64("share", std::move(share_));
    t.add(description_.finish("description"));
    for (size_t j = 0; j < names_.size(); ++j) {
        t.add_float64(names_[j] + "_mean", std::move(mean_[j]));
        t.add_float64(names_[j] + "_overall", std::move(overall_[j]));
        t.add_float64(names_[j] + "_z", std::move(z_[j]));
    }
    return t;
}

}  // namespace persona::clustering
