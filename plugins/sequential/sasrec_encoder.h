// SASRec (Kang & McAuley 2018): causal self-attention over the item history.
#pragma once
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/init.h>

#include "sequence_encoder.h"

namespace persona::sequential {

// SASRec's own settings (the shape comes from the data and the common params).
struct SasrecOptions {
    int64_t layers = 2;
    int64_t heads = 1;
    bool pre_norm = true;       // pre-LayerNorm blocks (false: post-LayerNorm)
    bool event_types = true;    // add an event-type embedding when the data has event types
    bool time_gaps = false;     // add an embedding of the log2-bucketed gap to the previous event
    bool packed = true;         // compute position-wise layers on real (non-padding) positions only
};

// One transformer block: self-attention and a position-wise feed-forward network.
struct SasrecBlock : torch::nn::Module {
    SasrecBlock(int64_t dim, int64_t heads);
    torch::nn::Linear qkv{nullptr}, out{nullptr}, ffn_in{nullptr}, ffn_out{nullptr};
    torch::nn::LayerNorm attention_norm{nullptr}, ffn_norm{nullptr};
    int64_t heads = 1;
};

// The SASRec encoder with a padded reference path and a packed fast path (same results).
class SasrecEncoder : public SequenceEncoder {
public:
    SasrecEncoder(const EncoderShape& shape, const SasrecOptions& options);
    torch::Tensor encode(const SequenceBatch& batch) override;
    torch::Tensor item_embeddings() override { return items->weight; }

    // The two paths, public so tests can compare them on the same weights.
    torch::Tensor encode_padded(const SequenceBatch& batch);
    torch::Tensor encode_packed(const SequenceBatch& batch);

private:
    torch::Tensor embed(const SequenceBatch& batch, const torch::Tensor& rows, const torch::Tensor& slots);

    EncoderShape shape_;
    SasrecOptions options_;
    torch::nn::Embedding items{nullptr}, positions{nullptr}, types{nullptr}, gaps{nullptr};
    torch::nn::ModuleList blocks{nullptr};
    std::vector<std::shared_ptr<SasrecBlock>> block_list_;
    torch::nn::LayerNorm final_norm{nullptr};
};

// Registers model.sasrec.
void register_sasrec(Registry& registry);

}  // namespace persona::sequential
