// The BPR loss with L2 regularization of the batch's layer-0 embeddings.
#pragma once
#include <torch/types.h>

namespace persona::factorization {

// -mean log sigmoid(s(u, pos) - s(u, neg)) over every (pair, negative): users [B, d], positives [B, d],
// negatives [B, n, d] (final embeddings; the score is their dot product).
torch::Tensor bpr_loss(const torch::Tensor& users, const torch::Tensor& positives, const torch::Tensor& negatives);

// reg * 0.5 * (|users|^2 + |positives|^2 + |negatives|^2) / B on the batch's layer-0 embeddings
// (each negative counted once per draw), as in LightGCN's reference code.
torch::Tensor l2_penalty(const torch::Tensor& users, const torch::Tensor& positives, const torch::Tensor& negatives,
                         double reg);

}  // namespace persona::factorization
