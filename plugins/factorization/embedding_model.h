// EmbeddingModel: what both factorization models share — layer-0 user and item embeddings and final ones.
#pragma once
#include <cstdint>
#include <utility>

#include <torch/nn/module.h>
#include <torch/types.h>

namespace persona::factorization {

// The size of a model's embedding tables.
struct EmbeddingShape {
    int64_t users = 0;
    int64_t items = 0;
    int64_t dim = 64;
    double init_std = 0.1;  // layer-0 embeddings start as N(0, init_std^2)
};

// A module whose score for (user, item) is the dot product of their final embeddings.
class EmbeddingModel : public torch::nn::Module {
public:
    explicit EmbeddingModel(const EmbeddingShape& shape);

    // The trained (layer-0) tables: [users, dim] and [items, dim].
    const torch::Tensor& user_weight() const { return user_weight_; }
    const torch::Tensor& item_weight() const { return item_weight_; }
    // The final user and item embeddings the scores use (differentiable in the layer-0 tables).
    virtual std::pair<torch::Tensor, torch::Tensor> final_embeddings() = 0;

private:
    torch::Tensor user_weight_;
    torch::Tensor item_weight_;
};

}  // namespace persona::factorization
