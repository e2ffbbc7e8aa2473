#include "padded_embedding.h"

#include <cmath>

#include "sequence_batch.h"

namespace persona::sequential {

torch::nn::Embedding padded_embedding(int64_t rows, int64_t dim) {
    torch::nn::Embedding table(torch::nn::EmbeddingOptions(rows, dim).padding_idx(kPadding));
    torch::NoGradGuard no_grad;
    table->weight.normal_(0.0, 1.0 / std::sqrt(static_cast<double>(dim)));
    table->weight[kPadding].zero_();
    return table;
}

}  // namespace persona::sequential
