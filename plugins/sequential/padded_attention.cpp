#include "padded_attention.h"

#include <cmath>
#include <limits>

#include <torch/nn/functional/dropout.h>

#include "fast_ops.h"
#include "sequence_batch.h"

namespace persona::sequential {

torch::Tensor causal_padding_mask(const torch::Tensor& items) {
    const int64_t length = items.size(1);
    auto causal = torch::ones({length, length}, torch::kBool).tril();
    auto real_key = items.ne(kPadding).unsqueeze(1);  // [B, 1, L]
    auto self = torch::eye(length, torch::TensorOptions().dtype(torch::kBool)).unsqueeze(0);
    auto allowed = causal.unsqueeze(0).logical_and(real_key.logical_or(self)).to(items.device());
    auto mask = torch::zeros(allowed.sizes(), torch::TensorOptions().device(items.device()));
    return mask.masked_fill(allowed.logical_not(), -std::numeric_limits<float>::infinity()).unsqueeze(1);
}

torch::Tensor padded_self_attention(const torch::Tensor& qkv, const torch::Tensor& mask, int64_t heads, double p,
                                    bool training, bool fast) {
    const int64_t batch = mask.size(0), length = mask.size(2), dim = qkv.size(1) / 3, head_dim = dim / heads;
    auto parts = qkv.view({batch, length, 3, heads, head_dim}).permute({2, 0, 3, 1, 4});
    auto q = parts[0].reshape({batch * heads, length, head_dim});
    auto k = parts[1].reshape({batch * heads, length, head_dim});
    auto v = parts[2].reshape({batch * heads, length, head_dim});
    auto scores = torch::baddbmm(mask.expand({batch, heads, length, length}).reshape({batch * heads, length, length}),
                                 q, k.transpose(1, 2), 1.0, 1.0 / std::sqrt(static_cast<double>(head_dim)));
    auto probabilities = torch::softmax(scores, -1);
    auto weights = fast ? fast_dropout(probabilities, p, training) : torch::dropout(probabilities, p, training);
    return torch::bmm(weights, v).view({batch, heads, length, head_dim}).permute({0, 2, 1, 3}).reshape({batch * length, dim});
}

}  // namespace persona::sequential
