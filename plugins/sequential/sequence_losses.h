// The training losses of sequence models: bce, sampled_softmax and ce (full softmax), from dot-product scores.
#pragma once
#include <cstdint>
#include <string>

#include <torch/types.h>

#include "training_batches.h"

namespace persona::sequential {

enum class LossKind {
    Bce,             // one unseen negative per target position, binary cross-entropy (SASRec)
    SampledSoftmax,  // softmax over [target, N negatives shared by the batch]
    FullSoftmax,     // softmax over every item column ("ce")
};

// The loss settings from the params loss, negatives and temperature.
struct LossSettings {
    LossKind kind = LossKind::FullSoftmax;
    int64_t negatives = 256;   // sampled_softmax: negatives per batch
    double temperature = 1.0;  // divides the logits of the softmax losses
};

// "bce" | "sampled_softmax" | "ce"; throws Error naming the choices otherwise.
LossKind loss_kind(const std::string& name);
// The negatives the batches must carry for a loss.
NegativeSampling negatives_for(LossKind kind);

// The mean loss over the batch's target positions. hidden: [B, L, dim]; item_embeddings: [items, dim];
// the batch (targets, negatives) on the same device.
torch::Tensor sequence_loss(const torch::Tensor& hidden, const torch::Tensor& item_embeddings,
                            const TrainingBatch& batch, const LossSettings& settings);

}  // namespace persona::sequential
