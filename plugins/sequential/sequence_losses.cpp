#include "sequence_losses.h"

#include <limits>

#include "fast_ops.h"
#include "fast_ops.h"
#include "persona/error.h"

namespace persona::sequential {

namespace {

namespace F = torch::nn::functional;

// The flat indices of the positions that have a target (not padding): ~7x fewer rows than B*L on Beauty.
torch::Tensor target_positions(const torch::Tensor& targets) {
    return targets.reshape({-1}).ne(kPadding).nonzero().reshape({-1});
}

// Rows of `values` [B, L, ...] at flat positions `at`.
torch::Tensor gather_positions(const torch::Tensor& values, const torch::Tensor& at) {
    return values.reshape({values.size(0) * values.size(1), -1}).index_select(0, at);
}

torch::Tensor bce_loss(const torch::Tensor& hidden, const torch::Tensor& embeddings, const torch::Tensor& targets,
                       const torch::Tensor& negatives) {
    const torch::Tensor pos = (hidden * embeddings.index_select(0, targets)).sum(-1);
    const torch::Tensor neg = (hidden * embeddings.index_select(0, negatives)).sum(-1);
    return F::binary_cross_entropy_with_logits(pos, torch::ones_like(pos)) +
           F::binary_cross_entropy_with_logits(neg, torch::zeros_like(neg));
}

torch::Tensor sampled_softmax_loss(const torch::Tensor& hidden, const torch::Tensor& embeddings,
                                   const torch::Tensor& targets, const torch::Tensor& negatives, double temperature) {
    const torch::Tensor pos = (hidden * embeddings.index_select(0, targets)).sum(-1, /*keepdim=*/true);  // [P, 1]
    torch::Tensor neg = hidden.matmul(embeddings.index_select(0, negatives).t());                     // [P, N]
    neg = neg.masked_fill(negatives.unsqueeze(0).eq(targets.unsqueeze(1)), -std::numeric_limits<float>::infinity());
    const torch::Tensor logits = torch::cat({pos, neg}, 1) / temperature;
    return F::cross_entropy(logits, torch::zeros({logits.size(0)}, targets.options()));
}

// Full softmax over columns 1..N through the chunked kernel: the [rows, N] logits are never held whole.
torch::Tensor full_softmax_loss(const torch::Tensor& hidden, const torch::Tensor& embeddings,
                                const torch::Tensor& targets, double temperature) {
    return chunked_softmax_cross_entropy(hidden, embeddings.slice(0, 1), targets - 1, temperature);
}

}  // namespace

LossKind loss_kind(const std::string& name) {
    if (name == "bce") return LossKind::Bce;
    if (name == "sampled_softmax") return LossKind::SampledSoftmax;
    if (name == "ce") return LossKind::FullSoftmax;
    throw Error("sequence model: loss '" + name + "' is unknown (expected bce, sampled_softmax or ce)");
}

NegativeSampling negatives_for(LossKind kind) {
    switch (kind) {
        case LossKind::Bce: return NegativeSampling::PerPosition;
        case LossKind::SampledSoftmax: return NegativeSampling::Shared;
        case LossKind::FullSoftmax: return NegativeSampling::None;
    }
    return NegativeSampling::None;
}

torch::Tensor sequence_loss(const torch::Tensor& hidden, const torch::Tensor& item_embeddings,
                            const TrainingBatch& batch, const LossSettings& settings) {
    const torch::Tensor at = target_positions(batch.sequences.targets);
    const torch::Tensor h = gather_positions(hidden, at);                                   // [P, dim]
    const torch::Tensor targets = batch.sequences.targets.reshape({-1}).index_select(0, at);  // [P]
    switch (settings.kind) {
        case LossKind::Bce:
            return bce_loss(h, item_embeddings, targets, batch.negatives.reshape({-1}).index_select(0, at));
        case LossKind::SampledSoftmax:
            return sampled_softmax_loss(h, item_embeddings, targets, batch.negatives, settings.temperature);
        case LossKind::FullSoftmax:
            return full_softmax_loss(h, item_embeddings, targets, settings.temperature);
    }
    throw Error("sequence model: unhandled loss kind");
}

}  // namespace persona::sequential
