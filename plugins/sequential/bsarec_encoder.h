// BSARec (Shin et al., AAAI 2024): self-attention mixed with a frequency filter over the whole window.
#pragma once
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

#include "sequence_encoder.h"

namespace persona::sequential {

// BSARec's own settings (the shape comes from the data and the common params).
struct BsarecOptions {
    int64_t layers = 2;
    int64_t heads = 1;
    double alpha = 0.7;    // weight of the frequency branch; 1 - alpha goes to self-attention
    int64_t cutoff = 5;    // BSARec's c: the lowest c / 2 + 1 frequencies of the window are "low"
    bool packed = true;    // the fast path (CPU): zero padding computes on real positions only; embedded
                           // padding computes the whole window with hand-written dropout
    bool embedded_padding = false;  // padding slots carry their position embedding, as BSARec's code does
};

// One block: a frequency branch and a self-attention branch (each post-LayerNorm, residual), mixed by
// alpha, then a 4x GELU feed-forward network.
struct BsarecBlock : torch::nn::Module {
    BsarecBlock(int64_t dim, int64_t heads);
    torch::Tensor sqrt_beta;  // [1, 1, dim]: the high-frequency part is scaled by sqrt_beta^2
    torch::nn::Linear qkv{nullptr}, out{nullptr}, ffn_in{nullptr}, ffn_out{nullptr};
    torch::nn::LayerNorm filter_norm{nullptr}, attention_norm{nullptr}, ffn_norm{nullptr};
    int64_t heads = 1;
};

// The BSARec encoder. The filter works on the window left-padded to max_len (as BSARec does), so
// states depend on the items of the whole window: the model is not causal and trains on prefix
// examples, scoring from the last position. By default, unlike BSARec, padding positions stay zero
// after every block, so they carry no signal and the packed path can skip them; the padded path is
// the reference it is tested against. With embedded_padding, padding slots behave as in BSARec's
// code: they start as their position embedding, the filter mixes them in, a padding slot attends
// over the whole window, and an empty history has a state; it always computes the whole window.
class BsarecEncoder : public SequenceEncoder {
public:
    BsarecEncoder(const EncoderShape& shape, const BsarecOptions& options);
    torch::Tensor encode(const SequenceBatch& batch) override;
    // The packed path computes the last block's projections and feed-forward at the last positions only.
    torch::Tensor encode_last(const SequenceBatch& batch) override;
    torch::Tensor item_embeddings() override { return items->weight; }
    bool encodes_empty_history() const override { return options_.embedded_padding; }

    // The two paths, public so tests can compare them on the same weights.
    torch::Tensor encode_padded(const SequenceBatch& batch);
    torch::Tensor encode_packed(const SequenceBatch& batch);

private:
    // The whole window (embedded padding, or zero padding off the packed path); fast: hand-written
    // dropout (fast_dropout) instead of torch::dropout, the only difference from encode_padded.
    torch::Tensor run_window(const SequenceBatch& batch, bool fast);
    // The packed path: [B, L, dim], or with last_only [B, dim] (zeros for an empty sequence).
    torch::Tensor run_packed(const SequenceBatch& batch, bool last_only);
    // low + sqrt_beta^2 * (x - low) of x [L, B, dim] (window-major: the window's last L slots, L <= max_len),
    // low = the low band along the window.
    torch::Tensor frequency_filter(BsarecBlock& block, const torch::Tensor& x);
    // The batch's width (its histories fill the window's last slots); throws when it exceeds max_len.
    int64_t batch_width(const SequenceBatch& batch) const;
    // Whether encode takes the packed path for this batch.
    bool packs(const SequenceBatch& batch) const;

    EncoderShape shape_;
    BsarecOptions options_;
    torch::nn::Embedding items{nullptr}, positions{nullptr};
    torch::nn::LayerNorm input_norm{nullptr};
    // [max_len, max_len]: low = low_pass x along the window; the FFT low band as one matrix (a buffer).
    torch::Tensor low_pass;
    torch::nn::ModuleList blocks{nullptr};
    std::vector<std::shared_ptr<BsarecBlock>> block_list_;
};

// The [length, length] matrix that keeps the lowest cutoff / 2 + 1 frequencies of a signal along its
// first dimension: M x = irfft(band * rfft(x)) (orthonormal FFTs), built from the unit impulses.
torch::Tensor low_pass_matrix(int64_t length, int64_t cutoff);

// Registers model.bsarec.
void register_bsarec(Registry& registry);

}  // namespace persona::sequential
