#include "embedding_model.h"

namespace persona::factorization {

EmbeddingModel::EmbeddingModel(const EmbeddingShape& shape) {
    user_weight_ = register_parameter("user", torch::randn({shape.users, shape.dim}) * shape.init_std);
    item_weight_ = register_parameter("item", torch::randn({shape.items, shape.dim}) * shape.init_std);
}

}  // namespace persona::factorization
