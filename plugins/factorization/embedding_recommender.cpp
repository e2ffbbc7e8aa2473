#include "embedding_recommender.h"

#include <algorithm>

#include "persona/error.h"

namespace persona::factorization {

EmbeddingRecommender::EmbeddingRecommender(SavedEmbeddings saved) : saved_(std::move(saved)) {
    const int64_t dim = saved_.dim;
    for (size_t u = 0; u < saved_.user_ids.size(); ++u) user_rows_.emplace(saved_.user_ids[u], static_cast<int64_t>(u));
    for (size_t c = 0; c < saved_.item_ids.size(); ++c)
        item_columns_.emplace(saved_.item_ids[c], static_cast<int64_t>(c));
    const int64_t items = static_cast<int64_t>(saved_.item_ids.size());
    items_t_ = torch::from_blob(saved_.item_vectors.data(), {items, dim}, torch::kFloat).t().contiguous();
    mean_user_.assign(static_cast<size_t>(dim), 0.0f);
    const size_t users = saved_.user_ids.size();
    for (size_t u = 0; u < users; ++u)
        for (int64_t k = 0; k < dim; ++k) mean_user_[k] += saved_.user_vectors[u * dim + k] / static_cast<float>(users);
}

void EmbeddingRecommender::user_vector(const UserHistory& user, float* out) const {
    const int64_t dim = saved_.dim;
    auto seen = user_rows_.find(user.user);
    if (seen != user_rows_.end()) {
        std::copy_n(saved_.user_vectors.data() + seen->second * dim, dim, out);
        return;
    }
    std::fill_n(out, dim, 0.0f);
    int64_t known = 0;
    for (int64_t i = 0; i < user.length; ++i) {
        auto column = item_columns_.find(user.items[i]);
        if (column == item_columns_.end()) continue;
        const float* v = saved_.item_vectors.data() + column->second * dim;
        for (int64_t k = 0; k < dim; ++k) out[k] += v[k];
        ++known;
    }
    if (known == 0) {
        std::copy(mean_user_.begin(), mean_user_.end(), out);
        return;
    }
    for (int64_t k = 0; k < dim; ++k) out[k] /= static_cast<float>(known);
}

void EmbeddingRecommender::score(const std::vector<UserHistory>& batch, float* scores) const {
    const int64_t rows = static_cast<int64_t>(batch.size());
    if (rows == 0) return;
    torch::Tensor vectors = torch::empty({rows, saved_.dim}, torch::kFloat);
    for (int64_t b = 0; b < rows; ++b) user_vector(batch[b], vectors.data_ptr<float>() + b * saved_.dim);
    torch::Tensor out = torch::from_blob(scores, {rows, static_cast<int64_t>(saved_.item_ids.size())}, torch::kFloat);
    torch::mm_out(out, vectors, items_t_);
}

RecommenderLoader embedding_recommender_loader(const std::string& format) {
    return [format](const Model& model) -> std::unique_ptr<Recommender> {
        return std::make_unique<EmbeddingRecommender>(deserialize_embeddings(model.bytes, format));
    };
}

}  // namespace persona::factorization
