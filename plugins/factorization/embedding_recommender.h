// EmbeddingRecommender: scores a batch of users against every item with one matrix product.
#pragma once
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "persona/artifact.h"
#include "persona/plugin.h"
#include "persona/recommender.h"
#include "saved_embeddings.h"

namespace persona::factorization {

// A user seen in training is scored with their final embedding. Any other user is "folded in": their
// vector is the mean of the final embeddings of their history items known to the model, or, with no
// known item, the mean of all user embeddings (the average user).
class EmbeddingRecommender : public Recommender {
public:
    explicit EmbeddingRecommender(SavedEmbeddings saved);
    const std::vector<int64_t>& item_ids() const override { return saved_.item_ids; }
    void score(const std::vector<UserHistory>& batch, float* scores) const override;

    // Writes the dim values of the vector a user is scored with (see the class comment).
    void user_vector(const UserHistory& user, float* out) const;

private:
    SavedEmbeddings saved_;
    std::unordered_map<int64_t, int64_t> user_rows_;
    std::unordered_map<int64_t, int64_t> item_columns_;
    torch::Tensor items_t_;         // [dim, items]: the item vectors transposed once
    std::vector<float> mean_user_;  // [dim]
};

// The loader registered for a factorization format ("bpr_mf", "lightgcn").
RecommenderLoader embedding_recommender_loader(const std::string& format);

}  // namespace persona::factorization
