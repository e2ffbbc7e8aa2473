// model.gru4rec: the GRU4Rec encoder and its registration.
#include "gru4rec_encoder.h"

#include "architectures.h"
#include "fast_ops.h"
#include "padded_embedding.h"

#include <torch/nn/utils/rnn.h>

namespace persona::sequential {

Gru4RecEncoder::Gru4RecEncoder(const EncoderShape& shape, const Gru4RecOptions& options)
    : dropout_(shape.dropout) {
    const int64_t hidden = options.hidden > 0 ? options.hidden : shape.dim;
    const double between_layers = options.layers > 1 ? shape.dropout : 0.0;
    items_ = register_module("items", padded_embedding(shape.items, shape.dim));
    if (shape.types > 1) types_ = register_module("types", padded_embedding(shape.types, shape.dim));
    if (options.cell == "lstm")
        lstm_ = register_module("rnn", torch::nn::LSTM(torch::nn::LSTMOptions(shape.dim, hidden)
                                                           .num_layers(options.layers)
                                                           .batch_first(true)
                                                           .dropout(between_layers)));
    else
        gru_ = register_module("rnn", torch::nn::GRU(torch::nn::GRUOptions(shape.dim, hidden)
                                                         .num_layers(options.layers)
                                                         .batch_first(true)
                                                         .dropout(between_layers)));
    if (hidden != shape.dim) project_ = register_module("project", torch::nn::Linear(hidden, shape.dim));
}

namespace {

// Moves each row's last `lengths[b]` columns to its front (left-padded -> right-padded), or back with
// `to_front` false; columns that come from outside the row are zero.
torch::Tensor shift_rows(const torch::Tensor& x, const torch::Tensor& lengths, bool to_front) {
    const int64_t width = x.size(1);
    const torch::Tensor pad = (width - lengths).unsqueeze(1);                          // [B, 1]
    const torch::Tensor columns = torch::arange(width, lengths.options()).unsqueeze(0);  // [1, L]
    const torch::Tensor source = to_front ? columns + pad : columns - pad;
    const torch::Tensor inside = source.ge(0).logical_and(source.lt(width));
    const torch::Tensor index = source.clamp(0, width - 1).unsqueeze(2).expand({-1, -1, x.size(2)});
    return x.gather(1, index) * inside.unsqueeze(2).to(x.dtype());
}

}  // namespace

torch::Tensor Gru4RecEncoder::run_packed(const torch::Tensor& inputs, const torch::Tensor& lengths) {
    namespace rnn = torch::nn::utils::rnn;
    const torch::Tensor front = shift_rows(inputs, lengths, true);
    const rnn::PackedSequence packed =
        rnn::pack_padded_sequence(front, lengths.clamp_min(1).to(torch::kCPU), true, false);
    const rnn::PackedSequence out = gru_.is_empty() ? std::get<0>(lstm_->forward_with_packed_input(packed))
                                                    : std::get<0>(gru_->forward_with_packed_input(packed));
    const torch::Tensor states = std::get<0>(rnn::pad_packed_sequence(out, true, 0.0, inputs.size(1)));
    return shift_rows(states, lengths, false);
}

torch::Tensor Gru4RecEncoder::encode(const SequenceBatch& batch) {
    torch::Tensor x = items_(batch.items);
    if (!types_.is_empty() && batch.types.defined()) x = x + types_(batch.types);
    x = fast_dropout(x, dropout_, is_training());
    const torch::Tensor real = batch.items.ne(kPadding);
    torch::Tensor states = run_packed(x, real.sum(1));
    if (!project_.is_empty()) states = project_(states);
    return states * real.unsqueeze(2).to(states.dtype());
}

void register_gru4rec(Registry& registry) {
    Architecture arch;
    arch.op = "model.gru4rec";
    arch.format = "gru4rec";
    arch.version = "0.3.0";
    arch.doc = "GRU4Rec: a GRU or LSTM over the item history, scored against the item embeddings (Hidasi et al. 2016)";
    arch.declare_params = [](OperatorSpec& spec) {
        spec.param("cell", ParamType::String, "gru", "recurrent cell").one_of({"gru", "lstm"});
        spec.param("layers", ParamType::Int, 1, "stacked recurrent layers (dropout between them)").range(1, 8);
        spec.param("hidden", ParamType::Int, 0, "recurrent state size; 0 = dim, else a linear maps it to dim")
            .range(0, 8192);
    };
    arch.make = [](const Params& params, const EncoderShape& shape) -> std::shared_ptr<SequenceEncoder> {
        Gru4RecOptions options;
        options.cell = params.text("cell");
        options.layers = params.integer("layers");
        options.hidden = params.integer("hidden");
        return std::make_shared<Gru4RecEncoder>(shape, options);
    };
    register_sequence_model(registry, std::move(arch));
}

}  // namespace persona::sequential
