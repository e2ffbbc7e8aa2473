// Multi-head causal self-attention on left-padded [B, L] batches (the reference path of the attention encoders).
#pragma once
#include <cstdint>

#include <torch/types.h>

namespace persona::sequential {

// Additive attention mask [B, 1, L, L] for item columns [B, L]: position i sees the real positions
// j <= i and itself (so a padding row never has every key masked).
torch::Tensor causal_padding_mask(const torch::Tensor& items);

// Scaled dot-product attention of qkv [B*L, 3*dim] (q, k, v side by side) under `mask` (from
// causal_padding_mask), `heads` heads, dropout p on the weights while training (fast: the hand-written
// fast_dropout instead of torch::dropout). Returns [B*L, dim].
torch::Tensor padded_self_attention(const torch::Tensor& qkv, const torch::Tensor& mask, int64_t heads, double p,
                                    bool training, bool fast = false);

}  // namespace persona::sequential
