// Caser (Tang & Wang 2018): horizontal and vertical convolutions over the window of the last L items,
// made causal per position so one pass gives the hidden state at every position.
#pragma once
#include <vector>

#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>

#include "sequence_encoder.h"

namespace persona::sequential {

// Caser's own settings.
struct CaserOptions {
    int64_t window = 5;     // L: the items each position looks at (itself and the L - 1 before)
    int64_t h_filters = 16; // horizontal filters per height 1..L
    int64_t v_filters = 4;  // vertical filters
};

// At position t, the window E[t-L+1..t] (zeros before the sequence) goes through horizontal filters of
// heights 1..L (ReLU, max over the window) and vertical filters (a weighted sum of the L rows); the
// concatenation -> dropout -> linear -> ReLU is the hidden state, scored against separate output embeddings.
class CaserEncoder : public SequenceEncoder {
public:
    CaserEncoder(const EncoderShape& shape, const CaserOptions& options);
    torch::Tensor encode(const SequenceBatch& batch) override;
    torch::Tensor item_embeddings() override { return output_items_->weight; }

private:
    torch::Tensor horizontal(const torch::Tensor& channels);  // [B, dim, T+L-1] -> [B, T, L * h_filters]
    torch::Tensor vertical(const torch::Tensor& rows);        // [B, T+L-1, dim] -> [B, T, dim * v_filters]

    CaserOptions options_;
    torch::nn::Embedding items_{nullptr}, types_{nullptr}, output_items_{nullptr};
    torch::nn::ModuleList horizontal_list_{nullptr};
    std::vector<torch::nn::Conv1d> horizontal_;  // horizontal_[h - 1]: filters of height h
    torch::nn::Linear vertical_{nullptr};        // L -> v_filters over each dimension's window
    double dropout_ = 0;                         // on the concatenated features while training
    torch::nn::Linear project_{nullptr};
};

}  // namespace persona::sequential
