// The k-means Model artifact: features, scaling and centers (original and standardized units), as bytes + JSON.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "feature_matrix.h"
#include "kmeans.h"
#include "persona/artifact.h"

namespace persona::clustering {

// Everything needed to read the segments or assign a new row: how features were prepared and the centers.
struct KMeansModel {
    std::vector<std::string> features;          // matrix columns ("v[3]" for a vector component)
    std::vector<uint8_t> log1p;                 // per feature: 1 when log(1 + x) was applied first
    bool standardized = true;                   // clustering ran on z-scores
    std::vector<double> means, stds;            // per feature, on the log1p scale: z = (t - mean) / std
    int64_t k = 0;
    RowMatrix centers;                          // k x features, original units (expm1 undoes log1p)
    RowMatrix centers_standardized;             // k x features, z-score units
    std::vector<int64_t> sizes;                 // rows per segment
    double inertia = 0;                         // in the space clustering ran in
};

// The model of a fit on `features` (the fit's centers are in features.values units).
KMeansModel make_kmeans_model(const FeatureMatrix& features, const KMeansFit& fit);

// Small facts for the artifact's metadata (centers included: k x features numbers).
Json kmeans_metadata(const KMeansModel& model, const KMeansFit& fit, const KMeansOptions& options);

std::string serialize_kmeans(const KMeansModel& model);
KMeansModel deserialize_kmeans(const std::string& bytes);  // throws Error on bad bytes

}  // namespace persona::clustering
