// An item or event-type embedding table whose row 0 (padding) is zero and never trained.
#pragma once
#include <cstdint>

#include <torch/nn/modules/embedding.h>

namespace persona::sequential {

// rows x dim, initialised N(0, 1/dim) (dot products start near unit scale), padding row 0 zero.
torch::nn::Embedding padded_embedding(int64_t rows, int64_t dim);

}  // namespace persona::sequential
