// HSTU encoder: pointwise-attention layers with relative position/time bias and gating.
#include "hstu_encoder.h"

#include <cmath>

#include "fast_ops.h"
#include "persona/error.h"

namespace persona::sequential {

namespace {

constexpr int64_t kTimeBuckets = 48;  // b = floor(log2(1 + |t_i - t_j|)), clipped

// Bucketed |t_i - t_j| per (i, j): [B, L, L].
torch::Tensor time_difference_buckets(const torch::Tensor& times) {
    auto diff = (times.unsqueeze(2) - times.unsqueeze(1)).abs().to(torch::kFloat);
    return (diff + 1).log2().floor().to(torch::kLong).clamp(0, kTimeBuckets - 1);
}

}  // namespace

HstuBlock::HstuBlock(int64_t dim, int64_t heads_count, int64_t max_len, bool with_time) : heads(heads_count) {
    uvqk = register_module("uvqk", torch::nn::Linear(dim, 4 * dim));
    out = register_module("out", torch::nn::Linear(dim, dim));
    input_norm = register_module("input_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    attention_norm = register_module("attention_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    position_bias = register_module("position_bias", torch::nn::Embedding(max_len, heads));
    if (with_time) time_bias = register_module("time_bias", torch::nn::Embedding(kTimeBuckets, heads));
    torch::NoGradGuard no_grad;
    position_bias->weight.zero_();
    if (with_time) time_bias->weight.zero_();
}

HstuEncoder::HstuEncoder(const EncoderShape& shape, const HstuOptions& options) : shape_(shape), options_(options) {
    if (shape.dim % options.heads != 0)
        throw Error("model.hstu: dim (" + std::to_string(shape.dim) + ") must be a multiple of heads (" +
                    std::to_string(options.heads) + ")");
    items = register_module("items", torch::nn::Embedding(shape.items, shape.dim));
    positions = register_module("positions", torch::nn::Embedding(shape.max_len, shape.dim));
    if (options.event_types && shape.types > 1)
        types = register_module("types", torch::nn::Embedding(shape.types, shape.dim));
    blocks = register_module("blocks", torch::nn::ModuleList());
    for (int64_t b = 0; b < options.layers; ++b) {
        block_list_.push_back(std::make_shared<HstuBlock>(shape.dim, options.heads, shape.max_len, options.time_bias));
        blocks->push_back(block_list_.back());
    }
    final_norm = register_module("final_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({shape.dim})));
    torch::NoGradGuard no_grad;
    torch::nn::init::normal_(items->weight, 0.0, 1.0 / std::sqrt(static_cast<double>(shape.dim)));
    items->weight[kPadding].zero_();
}

// One layer on [B, L, d]. keep: [B, 1, L, L] float 1/0 (causal and real key); distance: [L, L] i - j
// clipped; time_buckets: [B, L, L] or undefined; count: [B, 1, L, 1] visible real keys per query.
torch::Tensor HstuEncoder::layer(HstuBlock& block, const torch::Tensor& x, const torch::Tensor& keep,
                                 const torch::Tensor& distance, const torch::Tensor& time_buckets,
                                 const torch::Tensor& count) {
    const int64_t b = x.size(0), length = x.size(1), dim = shape_.dim, heads = block.heads, hd = dim / heads;
    auto uvqk = torch::silu(block.uvqk(block.input_norm(x))).view({b, length, 4, heads, hd});
    auto u = uvqk.select(2, 0).reshape({b, length, dim});
    auto v = uvqk.select(2, 1).permute({0, 2, 1, 3});  // [B, H, L, hd]
    auto q = uvqk.select(2, 2).permute({0, 2, 1, 3});
    auto k = uvqk.select(2, 3).permute({0, 2, 1, 3});
    auto scores = torch::matmul(q, k.transpose(2, 3)) / std::sqrt(static_cast<double>(hd));
    scores = scores + block.position_bias(distance).permute({2, 0, 1}).unsqueeze(0);  // [1, H, L, L]
    if (time_buckets.defined() && !block.time_bias.is_empty())
        scores = scores + block.time_bias(time_buckets).permute({0, 3, 1, 2});        // [B, H, L, L]
    auto weights = torch::silu(scores) * keep / count;
    auto attended = torch::matmul(weights, v).permute({0, 2, 1, 3}).reshape({b, length, dim});
    auto gated = block.attention_norm(attended) * u;
    return x + block.out(fast_dropout(gated, shape_.dropout, is_training()));
}

torch::Tensor HstuEncoder::encode(const SequenceBatch& batch) {
    const int64_t length = batch.items.size(1);
    auto device = batch.items.device();
    auto real = batch.items.ne(kPadding);                                       // [B, L]
    auto slots = torch::arange(shape_.max_len - length, shape_.max_len, batch.items.options());  // end-anchored
    auto x = items(batch.items) * std::sqrt(static_cast<double>(shape_.dim)) + positions(slots).unsqueeze(0);
    if (!types.is_empty() && batch.types.defined()) x = x + types(batch.types);
    x = fast_dropout(x, shape_.dropout, is_training());
    auto causal = torch::ones({length, length}, torch::TensorOptions().dtype(torch::kBool).device(device)).tril();
    auto keep = causal.unsqueeze(0).logical_and(real.unsqueeze(1)).unsqueeze(1).to(x.dtype());  // [B, 1, L, L]
    auto count = keep.sum(-1, true).clamp_min(1.0);
    auto distance = (slots.unsqueeze(1) - slots.unsqueeze(0)).clamp(0, shape_.max_len - 1);
    torch::Tensor buckets;
    if (options_.time_bias && batch.times.defined()) buckets = time_difference_buckets(batch.times);
    for (auto& block : block_list_) x = layer(*block, x, keep, distance, buckets, count);
    return final_norm(x) * real.unsqueeze(2).to(x.dtype());
}

void register_hstu(Registry& registry) {
    Architecture arch;
    arch.op = "model.hstu";
    arch.format = "hstu";
    arch.version = "0.3.0";
    arch.doc = "HSTU: pointwise SiLU attention with relative position/time bias and gating (Zhai et al. 2024)";
    arch.declare_params = [](OperatorSpec& spec) {
        spec.param("layers", ParamType::Int, 2, "HSTU layers").range(1, 16);
        spec.param("heads", ParamType::Int, 1, "attention heads (dim must be a multiple)").range(1, 64);
        spec.param("event_types", ParamType::Bool, true, "add an event-type embedding when the data has a type column");
        spec.param("time_bias", ParamType::Bool, true, "relative attention bias from log2-bucketed time differences");
    };
    arch.make = [](const Params& params, const EncoderShape& shape) -> std::shared_ptr<SequenceEncoder> {
        HstuOptions options;
        options.layers = params.integer("layers");
        options.heads = params.integer("heads");
        options.event_types = params.flag("event_types");
        options.time_bias = params.flag("time_bias");
        return std::make_shared<HstuEncoder>(shape, options);
    };
    register_sequence_model(registry, std::move(arch));
}

}  // namespace persona::sequential
