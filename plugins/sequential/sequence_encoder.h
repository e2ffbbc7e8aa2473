// SequenceEncoder: the interface every sequence architecture (SASRec, HSTU, GRU4Rec, Caser) implements.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include <torch/nn/module.h>

#include "persona/operator.h"
#include "persona/plugin.h"
#include "sequence_batch.h"

namespace persona::sequential {

// The sizes an encoder is built for (from the data and the common params).
struct EncoderShape {
    int64_t items = 0;    // item vocabulary including the padding column 0
    int64_t types = 0;    // event-type vocabulary including padding 0; 1 when the data has no types
    int64_t dim = 64;     // hidden and embedding size
    int64_t max_len = 50; // longest history kept (most recent items)
    double dropout = 0.2;
};

// A sequence model. Causal ones (all but BSARec): the hidden state at position t depends only on
// positions <= t.
class SequenceEncoder : public torch::nn::Module {
public:
    // Hidden states [B, L, dim] for the batch (train or eval mode as set on the module).
    virtual torch::Tensor encode(const SequenceBatch& batch) = 0;
    // The hidden state at the last position [B, dim] (what scoring needs); encoders may skip work that
    // only the other positions need.
    virtual torch::Tensor encode_last(const SequenceBatch& batch) {
        const torch::Tensor hidden = encode(batch);
        return hidden.select(1, hidden.size(1) - 1);
    }
    // The item embeddings [items, dim] that hidden states are scored against (dot product).
    virtual torch::Tensor item_embeddings() = 0;
    // Whether an empty history has a state of its own (then prefix training also predicts each user's
    // first item from nothing); otherwise an empty history encodes to zeros.
    virtual bool encodes_empty_history() const { return false; }
};

// One architecture offered as an operator.
struct Architecture {
    std::string op;      // operator name, e.g. "model.sasrec"
    std::string format;  // Model artifact format, e.g. "sasrec"
    std::string version; // operator version
    std::string doc;
    bool length_buckets = true;  // default of the length_buckets param (false where padding costs nothing)
    bool causal = true;          // false: later positions change earlier states, so training uses prefixes
    // Declares the architecture's own params (the common ones are declared by register_sequence_model).
    std::function<void(OperatorSpec&)> declare_params;
    // Builds an untrained encoder from the resolved params (also used when loading a saved model).
    std::function<std::shared_ptr<SequenceEncoder>(const Params&, const EncoderShape&)> make;
};

// Registers the operator (common params, training, outputs model/embeddings/top/curve) and its loader.
void register_sequence_model(Registry& registry, Architecture architecture);

}  // namespace persona::sequential
