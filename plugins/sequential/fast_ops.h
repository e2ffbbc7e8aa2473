// Hand-written CPU operators for the sequence models' fast path (each with forward and backward).
#pragma once
#include <cstdint>
#include <vector>

#include <torch/types.h>

namespace persona::sequential {

// Causal self-attention over packed sequences: qkv is [N, 3, heads, head_dim] for N real tokens,
// sequence s owning rows [offsets[s], offsets[s+1]) in time order; each token attends to itself
// and the earlier tokens of its sequence. Dropout p on the attention weights while training.
// Returns [N, heads * head_dim]. CPU float32 only; differentiable with respect to qkv.
torch::Tensor packed_causal_attention(const torch::Tensor& qkv, const std::vector<int64_t>& offsets, double p,
                                      bool training);

// Inverted dropout with a counter-based random mask (cheap to draw, parallel, seeded from
// LibTorch's generator so it follows torch::manual_seed). Identity when not training or p == 0.
torch::Tensor fast_dropout(const torch::Tensor& x, double p, bool training);

// Mean softmax cross-entropy of logits hidden @ weights^T / temperature against targets (0-based
// columns), computed in row chunks small enough to stay in the allocator's cache: the [rows, items]
// logits are never materialized whole, and both gradients are accumulated in the forward pass.
// Differentiable with respect to hidden [P, d] and weights [N, d]; any device.
torch::Tensor chunked_softmax_cross_entropy(const torch::Tensor& hidden, const torch::Tensor& weights,
                                            const torch::Tensor& targets, double temperature);

}  // namespace persona::sequential
