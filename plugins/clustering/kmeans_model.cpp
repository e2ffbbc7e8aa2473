#include "kmeans_model.h"

#include <cmath>

#include "persona/bytes.h"
#include "persona/error.h"

namespace persona::clustering {

namespace {

constexpr const char* kMagic = "persona.kmeans";
constexpr uint32_t kLayoutVersion = 1;

Json matrix_json(const RowMatrix& m) {
    Json rows = Json::array();
    for (int64_t r = 0; r < m.rows(); ++r) {
        Json row = Json::array();
        for (int64_t c = 0; c < m.cols(); ++c) row.push_back(m(r, c));
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<double> flatten(const RowMatrix& m) { return std::vector<double>(m.data(), m.data() + m.size()); }

RowMatrix unflatten(const std::vector<double>& values, int64_t rows, int64_t cols) {
    if (static_cast<int64_t>(values.size()) != rows * cols) throw Error("kmeans model: a center matrix has the wrong size");
    RowMatrix m(rows, cols);
    std::copy(values.begin(), values.end(), m.data());
    return m;
}

}  // namespace

KMeansModel make_kmeans_model(const FeatureMatrix& features, const KMeansFit& fit) {
    KMeansModel model;
    model.features = features.names;
    for (bool b : features.log1p) model.log1p.push_back(b ? 1 : 0);
    model.standardized = features.standardized;
    model.means = features.means;
    model.stds = features.stds;
    model.k = fit.centers.rows();
    model.sizes = fit.sizes;
    model.inertia = fit.inertia;
    const int64_t d = fit.centers.cols();
    model.centers.resize(model.k, d);
    model.centers_standardized.resize(model.k, d);
    for (int64_t s = 0; s < model.k; ++s)
        for (int64_t j = 0; j < d; ++j) {
            const double c = fit.centers(s, j);
            const double mean = model.means[j], std = model.stds[j];
            const double analysis = model.standardized ? c * std + mean : c;  // on the log1p scale
            model.centers_standardized(s, j) = model.standardized ? c : (c - mean) / std;
            model.centers(s, j) = model.log1p[j] ? std::expm1(analysis) : analysis;
        }
    return model;
}

Json kmeans_metadata(const KMeansModel& model, const KMeansFit& fit, const KMeansOptions& options) {
    Json log1p = Json::array();
    for (size_t j = 0; j < model.features.size(); ++j)
        if (model.log1p[j]) log1p.push_back(model.features[j]);
    return Json{{"k", model.k},
                {"rows", fit.labels.size()},
                {"features", model.features},
                {"log1p", log1p},
                {"standardize", model.standardized},
                {"scaling", {{"means", model.means}, {"stds", model.stds}}},
                {"centers", matrix_json(model.centers)},
                {"centers_standardized", matrix_json(model.centers_standardized)},
                {"sizes", model.sizes},
                {"inertia", model.inertia},
                {"iterations", fit.iterations},
                {"converged", fit.converged},
                {"restart", fit.restart},
                {"restart_inertias", fit.restart_inertias},
                {"max_iter", options.max_iter},
                {"tol", options.tol}};
}

std::string serialize_kmeans(const KMeansModel& model) {
    ByteWriter out;
    out.put_string(kMagic);
    out.put<uint32_t>(kLayoutVersion);
    out.put<uint64_t>(model.features.size());
    for (const auto& name : model.features) out.put_string(name);
    out.put_array(model.log1p);
    out.put<uint8_t>(model.standardized ? 1 : 0);
    out.put_array(model.means);
    out.put_array(model.stds);
    out.put<int64_t>(model.k);
    out.put_array(flatten(model.centers));
    out.put_array(flatten(model.centers_standardized));
    out.put_array(model.sizes);
    out.put<double>(model.inertia);
    return out.take();
}

KMeansModel deserialize_kmeans(const std::string& bytes) {
    ByteReader in(bytes);
    if (in.get_string() != kMagic) throw Error("kmeans model: the bytes are not a k-means model");
    const uint32_t version = in.get<uint32_t>();
    if (version != kLayoutVersion)
        throw Error("kmeans model: layout version " + std::to_string(version) + ", expected " +
                    std::to_string(kLayoutVersion));
    KMeansModel model;
    const uint64_t d = in.get<uint64_t>();
    if (d > bytes.size()) throw Error("kmeans model: the bytes are truncated");
    for (uint64_t j = 0; j < d; ++j) model.features.push_back(in.get_string());
    model.log1p = in.get_array<uint8_t>();
    model.standardized = in.get<uint8_t>() != 0;
    model.means = in.get_array<double>();
    model.stds = in.get_array<double>();
    model.k = in.get<int64_t>();
    if (model.k < 0 || model.k > static_cast<int64_t>(bytes.size())) throw Error("kmeans model: bad segment count");
    const int64_t cols = static_cast<int64_t>(d);
    model.centers = unflatten(in.get_array<double>(), model.k, cols);
    model.centers_standardized = unflatten(in.get_array<double>(), model.k, cols);
    model.sizes = in.get_array<int64_t>();
    model.inertia = in.get<double>();
    if (model.log1p.size() != d || model.means.size() != d || model.stds.size() != d ||
        model.sizes.size() != static_cast<size_t>(model.k) || !in.done())
        throw Error("kmeans model: feature and scaling lengths differ or trailing bytes found");
    return model;
}

}  // namespace persona::clustering
