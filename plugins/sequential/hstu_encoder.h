// HSTU (Zhai et al. 2024, "Actions Speak Louder than Words"): pointwise SiLU attention with
// relative position and time biases and a gated output.
#pragma once
#include <torch/nn/init.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

#include "sequence_encoder.h"

namespace persona::sequential {

// HSTU's own settings.
struct HstuOptions {
    int64_t layers = 2;
    int64_t heads = 1;
    bool event_types = true;  // add an event-type embedding when the data has event types
    bool time_bias = true;    // relative time bias from log2-bucketed timestamp differences
};

// One HSTU layer: U, V, Q, K = SiLU(f1(LN(x))); y = f2(LN(SiLU(QK^T + rab) V / n) * U); x + y.
struct HstuBlock : torch::nn::Module {
    HstuBlock(int64_t dim, int64_t heads, int64_t max_len, bool time_bias);
    torch::nn::Linear uvqk{nullptr}, out{nullptr};
    torch::nn::LayerNorm input_norm{nullptr}, attention_norm{nullptr};
    torch::nn::Embedding position_bias{nullptr}, time_bias{nullptr};  // per head
    int64_t heads = 1;
};

// The HSTU encoder (padded form, plain LibTorch ops).
class HstuEncoder : public SequenceEncoder {
public:
    HstuEncoder(const EncoderShape& shape, const HstuOptions& options);
    torch::Tensor encode(const SequenceBatch& batch) override;
    torch::Tensor item_embeddings() override { return items->weight; }

private:
    torch::Tensor layer(HstuBlock& block, const torch::Tensor& x, const torch::Tensor& keep,
                        const torch::Tensor& distance, const torch::Tensor& time_buckets, const torch::Tensor& count);

    EncoderShape shape_;
    HstuOptions options_;
    torch::nn::Embedding items{nullptr}, positions{nullptr}, types{nullptr};
    torch::nn::ModuleList blocks{nullptr};
    std::vector<std::shared_ptr<HstuBlock>> block_list_;
    torch::nn::LayerNorm final_norm{nullptr};
};

// Registers model.hstu.
void register_hstu(Registry& registry);

}  // namespace persona::sequential
