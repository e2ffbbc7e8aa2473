#include "term_weights.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace persona::classification {

std::vector<int64_t> document_frequency(const UserTerms& terms) {
    std::vector<int64_t> df(terms.vocabulary.size(), 0);
    for (size_t i = 0; i < terms.terms.size(); ++i)
        if (terms.tf[i] != 0) ++df[terms.terms[i]];
    return df;
}

std::vector<int64_t> select_terms(const std::vector<int64_t>& df, int64_t min_df, int64_t max_terms) {
    std::vector<int64_t> kept;
    for (size_t t = 0; t < df.size(); ++t)
        if (df[t] >= min_df) kept.push_back(static_cast<int64_t>(t));
    if (max_terms > 0 && static_cast<int64_t>(kept.size()) > max_terms) {
        std::stable_sort(kept.begin(), kept.end(), [&](int64_t a, int64_t b) { return df[a] > df[b]; });
        kept.resize(max_terms);
        std::sort(kept.begin(), kept.end());
    }
    return kept;
}

double smooth_idf(int64_t users, int64_t df) {
    return std::log((1.0 + users) / (1.0 + df)) + 1.0;
}

namespace {

// The norm of one row under `norm` (l2, l1; none = 1).
double row_norm(const float* row, int64_t width, const std::string& norm) {
    if (norm == "none") return 1.0;
    double sum = 0;
    for (int64_t j = 0; j < width; ++j) sum += norm == "l1" ? std::fabs(row[j]) : double(row[j]) * row[j];
    return norm == "l1" ? sum : std::sqrt(sum);
}

}  // namespace

std::vector<float> weight_rows(const UserTerms& terms, const std::vector<int64_t>& kept,
                               const std::vector<double>& idf, const WeightSettings& settings) {
    const int64_t width = static_cast<int64_t>(kept.size());
    std::vector<int64_t> position(terms.vocabulary.size(), -1);  // term index -> output column
    for (int64_t j = 0; j < width; ++j) position[kept[j]] = j;
    const int64_t users = static_cast<int64_t>(terms.users.size());
    std::vector<float> out(static_cast<size_t>(users * width), 0.0f);
    for (int64_t u = 0; u < users; ++u) {
        float* row = out.data() + u * width;
        for (int64_t i = terms.offsets[u]; i < terms.offsets[u + 1]; ++i) {
            const int64_t j = position[terms.terms[i]];
            if (j < 0) continue;
            double tf = terms.tf[i];
            if (settings.sublinear && tf > 0) tf = 1.0 + std::log(tf);
            row[j] = static_cast<float>(settings.idf ? tf * idf[j] : tf);
        }
        const double norm = row_norm(row, width, settings.norm);
        if (norm > 0 && norm != 1.0)
            for (int64_t j = 0; j < width; ++j) row[j] = static_cast<float>(row[j] / norm);
    }
    return out;
}

}  // namespace persona::classification
