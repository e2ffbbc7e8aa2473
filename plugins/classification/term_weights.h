// Term weighting: document frequencies, vocabulary selection (min_df, max_terms), TF-IDF or raw
// weights and row normalization, giving one dense float vector per user.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "user_terms.h"

namespace persona::classification {

// How the weights are computed.
struct WeightSettings {
    bool idf = true;           // tfidf mode: multiply by the smoothed idf; raw mode: no
    bool sublinear = false;    // tf -> 1 + ln(tf) for tf > 0 (tfidf mode)
    std::string norm = "l2";   // l2 | l1 | none: each user's vector divided by its norm (a zero vector stays zero)
};

// The number of users having each term (tf != 0), by term index.
std::vector<int64_t> document_frequency(const UserTerms& terms);

// The kept term indices, ascending: df >= min_df, then (max_terms > 0) the max_terms with the largest
// df, ties to the lower index.
std::vector<int64_t> select_terms(const std::vector<int64_t>& df, int64_t min_df, int64_t max_terms);

// The smoothed inverse document frequency ln((1 + users) / (1 + df)) + 1.
double smooth_idf(int64_t users, int64_t df);

// Dense [users x kept.size()] row-major weights; `idf` is indexed like `kept`.
std::vector<float> weight_rows(const UserTerms& terms, const std::vector<int64_t>& kept,
                               const std::vector<double>& idf, const WeightSettings& settings);

}  // namespace persona::classification
