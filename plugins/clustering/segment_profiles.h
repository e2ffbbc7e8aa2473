// Segment profiles: per segment its size, per feature its mean against the overall mean, and a description.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "feature_matrix.h"
#include "persona/table.h"

namespace persona::clustering {

// One segment seen through the features.
struct SegmentProfile {
    int64_t segment = 0;          // -1 = noise
    int64_t size = 0;
    double share = 0;             // size / profiled rows
    std::vector<double> mean;     // per feature, original units (log1p feature: expm1 of the mean of log1p x)
    std::vector<double> overall;  // the same over every profiled row
    std::vector<double> z;        // (segment mean - overall mean) / overall std, on the log1p scale; 0 for a constant feature
    std::string description;
};

// Profiles of the segments that `rows` carry (labels[r]; -1 = noise), ascending by segment with noise last.
std::vector<SegmentProfile> profile_segments(const FeatureMatrix& features, const std::vector<int64_t>& labels,
                                             const std::vector<int64_t>& rows);

// Names the features that set a segment apart most: the two with the largest |z| and a third when its |z| >= 0.5
// (ties: feature order), e.g. "high monetary (+2.1 sd), low recency_days (-0.8 sd)"; "average" when |z| < 0.05.
std::string describe_segment(const std::vector<std::string>& names, const std::vector<double>& z);

// Appends one model's profiles to the columns of a segments table under construction.
class SegmentTableBuilder {
public:
    explicit SegmentTableBuilder(std::vector<std::string> feature_names) : names_(std::move(feature_names)) {}
    void add(const std::string& model, const std::vector<SegmentProfile>& profiles);
    // Columns: model, segment, size, share, description, then per feature f: f_mean, f_overall, f_z.
    Table finish();
private:
    std::vector<std::string> names_;
    StringColumnBuilder model_, description_;
    std::vector<int64_t> segment_, size_;
    std::vector<double> share_;
    std::vector<std::vector<double>> mean_, overall_, z_;  // per feature
};

}  // namespace persona::clustering
