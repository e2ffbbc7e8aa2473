// LightGCN (He et al. 2020): layer-0 embeddings smoothed over the normalized user-item graph.
#pragma once
#include <memory>

#include "embedding_model.h"
#include "normalized_graph.h"

namespace persona::factorization {

// E^(k+1) = A_hat E^(k) for k < layers; the final embedding is the mean of E^(0..layers).
class LightGcn : public EmbeddingModel {
public:
    LightGcn(const EmbeddingShape& shape, std::shared_ptr<const NormalizedGraph> graph, int64_t layers);
    std::pair<torch::Tensor, torch::Tensor> final_embeddings() override;
    int64_t layers() const { return layers_; }

private:
    std::shared_ptr<const NormalizedGraph> graph_;
    int64_t layers_;
    int64_t users_;
};

}  // namespace persona::factorization
