// MatrixFactorization: BPR-MF, the final embeddings are the layer-0 tables themselves.
#pragma once
#include "embedding_model.h"

namespace persona::factorization {

// score(u, i) = <user[u], item[i]>.
class MatrixFactorization : public EmbeddingModel {
public:
    explicit MatrixFactorization(const EmbeddingShape& shape) : EmbeddingModel(shape) {}
    std::pair<torch::Tensor, torch::Tensor> final_embeddings() override { return {user_weight(), item_weight()}; }
};

}  // namespace persona::factorization
