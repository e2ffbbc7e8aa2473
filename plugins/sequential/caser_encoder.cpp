// model.caser: the causal Caser encoder and its registration.
#include "caser_encoder.h"

#include "architectures.h"
#include "fast_ops.h"
#include "padded_embedding.h"

namespace persona::sequential {

CaserEncoder::CaserEncoder(const EncoderShape& shape, const CaserOptions& options)
    : options_(options), dropout_(shape.dropout) {
    const int64_t window = options.window, dim = shape.dim;
    items_ = register_module("items", padded_embedding(shape.items, dim));
    if (shape.types > 1) types_ = register_module("types", padded_embedding(shape.types, dim));
    output_items_ = register_module("output_items", padded_embedding(shape.items, dim));
    horizontal_list_ = register_module("horizontal", torch::nn::ModuleList());
    for (int64_t height = 1; height <= window; ++height) {
        horizontal_.emplace_back(torch::nn::Conv1dOptions(dim, options.h_filters, height));
        horizontal_list_->push_back(horizontal_.back());
    }
    vertical_ = register_module("vertical",
                                torch::nn::Linear(torch::nn::LinearOptions(window, options.v_filters).bias(false)));
    project_ = register_module("project", torch::nn::Linear(window * options.h_filters + dim * options.v_filters, dim));
}

torch::Tensor CaserEncoder::horizontal(const torch::Tensor& padded) {
    const int64_t window = options_.window;
    std::vector<torch::Tensor> pooled;
    for (int64_t height = 1; height <= window; ++height) {
        // Filter outputs at every start row, then the max over the L - h + 1 starts inside each window.
        const torch::Tensor c = torch::relu(horizontal_[height - 1](padded));  // [B, n_h, T + L - h]
        pooled.push_back(torch::max_pool1d(c, {window - height + 1}, {1}));   // [B, n_h, T]
    }
    return torch::cat(pooled, 1).transpose(1, 2);
}

torch::Tensor CaserEncoder::vertical(const torch::Tensor& rows) {
    // Every (position, dimension) window of L values times the filters: one [B*T*dim, L] x [L, v] product
    // (2-D on purpose: a 4-D matmul that needs gradients falls back to thousands of tiny batched products).
    const int64_t b = rows.size(0), t = rows.size(1) - options_.window + 1;
    const torch::Tensor windows = rows.unfold(1, options_.window, 1).reshape({-1, options_.window});  // [B*T*dim, L]
    return windows.mm(vertical_->weight.t()).view({b, t, -1});                                        // [B, T, dim*v]
}

torch::Tensor CaserEncoder::encode(const SequenceBatch& batch) {
    torch::Tensor x = items_(batch.items);
    if (!types_.is_empty() && batch.types.defined()) x = x + types_(batch.types);
    x = x * batch.items.ne(kPadding).unsqueeze(2).to(x.dtype());
    const int64_t before = options_.window - 1;  // zero rows before the sequence
    const torch::Tensor channels = torch::constant_pad_nd(x.transpose(1, 2), {before, 0});  // [B, dim, T+L-1]
    const torch::Tensor rows = torch::constant_pad_nd(x, {0, 0, before, 0});                // [B, T+L-1, dim]
    const torch::Tensor z = torch::cat({horizontal(channels), vertical(rows)}, 2);
    return torch::relu(project_(fast_dropout(z, dropout_, is_training())));
}

void register_caser(Registry& registry) {
    Architecture arch;
    arch.op = "model.caser";
    arch.format = "caser";
    arch.version = "0.3.0";
    arch.doc = "Caser: horizontal and vertical convolutions over the last L items, causal per position "
               "(Tang & Wang 2018)";
    arch.declare_params = [](OperatorSpec& spec) {
        spec.param("window", ParamType::Int, 5, "L: items in each position's convolution window").range(1, 64);
        spec.param("h_filters", ParamType::Int, 16, "horizontal filters per height 1..L").range(1, 4096);
        spec.param("v_filters", ParamType::Int, 4, "vertical filters").range(1, 4096);
    };
    arch.make = [](const Params& params, const EncoderShape& shape) -> std::shared_ptr<SequenceEncoder> {
        CaserOptions options;
        options.window = params.integer("window");
        options.h_filters = params.integer("h_filters");
        options.v_filters = params.integer("v_filters");
        return std::make_shared<CaserEncoder>(shape, options);
    };
    register_sequence_model(registry, std::move(arch));
}

}  // namespace persona::sequential
