// GRU4Rec (Hidasi et al. 2016): a recurrent network (GRU or LSTM) over the item history.
#pragma once
#include <string>

#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/rnn.h>
#include <torch/types.h>

#include "sequence_encoder.h"

namespace persona::sequential {

// GRU4Rec's own settings.
struct Gru4RecOptions {
    std::string cell = "gru";  // gru | lstm
    int64_t layers = 1;
    int64_t hidden = 0;        // recurrent state size; 0 = dim (no output projection)
};

// Item (+ event-type) embeddings -> dropout -> GRU/LSTM -> optional linear to dim. The network runs over
// the real items only (packed sequences), so a state never depends on how much padding a batch has;
// padded positions get zero states.
class Gru4RecEncoder : public SequenceEncoder {
public:
    Gru4RecEncoder(const EncoderShape& shape, const Gru4RecOptions& options);
    torch::Tensor encode(const SequenceBatch& batch) override;
    torch::Tensor item_embeddings() override { return items_->weight; }

private:
    torch::Tensor run_packed(const torch::Tensor& inputs, const torch::Tensor& lengths);
    torch::nn::Embedding items_{nullptr}, types_{nullptr};
    torch::nn::GRU gru_{nullptr};
    torch::nn::LSTM lstm_{nullptr};
    torch::nn::Linear project_{nullptr};
    double dropout_ = 0;  // on the input embeddings while training
};

}  // namespace persona::sequential
