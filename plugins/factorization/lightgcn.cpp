#include "lightgcn.h"

#include "persona/error.h"

namespace persona::factorization {

LightGcn::LightGcn(const EmbeddingShape& shape, std::shared_ptr<const NormalizedGraph> graph, int64_t layers)
    : EmbeddingModel(shape), graph_(std::move(graph)), layers_(layers), users_(shape.users) {
    if (graph_->nodes() != shape.users + shape.items)
        throw Error("LightGCN: the graph has " + std::to_string(graph_->nodes()) + " nodes, expected " +
                    std::to_string(shape.users) + " users + " + std::to_string(shape.items) + " items");
}

std::pair<torch::Tensor, torch::Tensor> LightGcn::final_embeddings() {
    torch::Tensor layer = torch::cat({user_weight(), item_weight()}, 0);
    torch::Tensor sum = layer;
    for (int64_t k = 0; k < layers_; ++k) {
        layer = graph_->propagate(layer);
        sum = sum + layer;
    }
    const torch::Tensor mean = sum / static_cast<double>(layers_ + 1);
    return {mean.slice(0, 0, users_), mean.slice(0, users_)};
}

}  // namespace persona::factorization
