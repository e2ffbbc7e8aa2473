// SASRec encoder: embeddings, causal self-attention blocks, padded and packed paths.
#include "sasrec_encoder.h"

#include <cmath>

#include "fast_ops.h"
#include "padded_attention.h"
#include "persona/error.h"

namespace persona::sequential {

namespace {

constexpr int64_t kGapBuckets = 40;  // bucket 0 = no previous event, b = 1 + floor(log2(1 + gap))

// Log2 buckets of the gap to the previous real event, per position [B, L] (0 where there is none).
torch::Tensor gap_buckets(const torch::Tensor& items, const torch::Tensor& times) {
    auto previous_real = torch::cat({torch::zeros_like(items.narrow(1, 0, 1), torch::kBool),
                                     items.narrow(1, 0, items.size(1) - 1).ne(kPadding)}, 1);
    auto gap = torch::cat({torch::zeros_like(times.narrow(1, 0, 1)),
                           times.narrow(1, 1, times.size(1) - 1) - times.narrow(1, 0, times.size(1) - 1)}, 1);
    auto bucket = (gap.clamp_min(0).to(torch::kFloat) + 1).log2().floor().to(torch::kLong) + 1;
    bucket = bucket.clamp_max(kGapBuckets - 1);
    return bucket.masked_fill(previous_real.logical_and(items.ne(kPadding)).logical_not(), 0);
}

}  // namespace

SasrecBlock::SasrecBlock(int64_t dim, int64_t heads_count) : heads(heads_count) {
    qkv = register_module("qkv", torch::nn::Linear(dim, 3 * dim));
    out = register_module("out", torch::nn::Linear(dim, dim));
    ffn_in = register_module("ffn_in", torch::nn::Linear(dim, dim));
    ffn_out = register_module("ffn_out", torch::nn::Linear(dim, dim));
    attention_norm = register_module("attention_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    ffn_norm = register_module("ffn_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
}

SasrecEncoder::SasrecEncoder(const EncoderShape& shape, const SasrecOptions& options)
    : shape_(shape), options_(options) {
    if (shape.dim % options.heads != 0)
        throw Error("model.sasrec: dim (" + std::to_string(shape.dim) + ") must be a multiple of heads (" +
                    std::to_string(options.heads) + ")");
    items = register_module("items", torch::nn::Embedding(torch::nn::EmbeddingOptions(shape.items, shape.dim)));
    positions = register_module("positions", torch::nn::Embedding(shape.max_len, shape.dim));
    if (options.event_types && shape.types > 1)
        types = register_module("types", torch::nn::Embedding(shape.types, shape.dim));
    if (options.time_gaps) gaps = register_module("gaps", torch::nn::Embedding(kGapBuckets, shape.dim));
    blocks = register_module("blocks", torch::nn::ModuleList());
    for (int64_t b = 0; b < options.layers; ++b) {
        block_list_.push_back(std::make_shared<SasrecBlock>(shape.dim, options.heads));
        blocks->push_back(block_list_.back());
    }
    if (options.pre_norm)
        final_norm = register_module("final_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({shape.dim})));
    torch::NoGradGuard no_grad;
    torch::nn::init::normal_(items->weight, 0.0, 1.0 / std::sqrt(static_cast<double>(shape.dim)));
    items->weight[kPadding].zero_();
}

torch::Tensor SasrecEncoder::encode(const SequenceBatch& batch) {
    return options_.packed ? encode_packed(batch) : encode_padded(batch);
}

// The summed input embeddings of the given flat token rows (all rows when `rows` is undefined).
torch::Tensor SasrecEncoder::embed(const SequenceBatch& batch, const torch::Tensor& rows, const torch::Tensor& slots) {
    auto pick = [&](const torch::Tensor& t) { return rows.defined() ? t.reshape({-1}).index_select(0, rows) : t.reshape({-1}); };
    auto x = items(pick(batch.items)) * std::sqrt(static_cast<double>(shape_.dim)) + positions(slots);
    if (!types.is_empty() && batch.types.defined()) x = x + types(pick(batch.types));
    if (!gaps.is_empty() && batch.times.defined()) x = x + gaps(pick(gap_buckets(batch.items, batch.times)));
    return fast_dropout(x, shape_.dropout, is_training());
}

torch::Tensor SasrecEncoder::encode_padded(const SequenceBatch& batch) {
    const int64_t b = batch.items.size(0), length = batch.items.size(1);
    auto slots = torch::arange(shape_.max_len - length, shape_.max_len, batch.items.options()).repeat({b});
    auto mask = causal_padding_mask(batch.items);
    auto x = embed(batch, torch::Tensor(), slots);
    const double p = shape_.dropout;
    auto attend = [&](SasrecBlock& block, const torch::Tensor& h) {
        return block.out(padded_self_attention(block.qkv(h), mask, block.heads, p, is_training()));
    };
    for (auto& block : block_list_) {
        auto ffn = [&](const torch::Tensor& h) {
            return block->ffn_out(torch::dropout(torch::relu(block->ffn_in(h)), p, is_training()));
        };
        if (options_.pre_norm) {
            x = x + torch::dropout(attend(*block, block->attention_norm(x)), p, is_training());
            x = x + torch::dropout(ffn(block->ffn_norm(x)), p, is_training());
        } else {
            x = block->attention_norm(x + torch::dropout(attend(*block, x), p, is_training()));
            x = block->ffn_norm(x + torch::dropout(ffn(x), p, is_training()));
        }
    }
    if (options_.pre_norm) x = final_norm(x);
    auto real = batch.items.ne(kPadding).reshape({-1, 1}).to(x.dtype());
    return (x * real).view({b, length, shape_.dim});
}

torch::Tensor SasrecEncoder::encode_packed(const SequenceBatch& batch) {
    const int64_t b = batch.items.size(0), length = batch.items.size(1), dim = shape_.dim;
    const bool cpu = batch.items.device().is_cpu();
    auto rows = batch.items.reshape({-1}).ne(kPadding).nonzero().squeeze(1);  // flat indices of real tokens
    auto slots = rows.remainder(length) + (shape_.max_len - length);  // the last column is slot max_len - 1
    const double p = shape_.dropout;
    const bool training = is_training();
    auto dropout = [&](const torch::Tensor& t) { return fast_dropout(t, p, training); };
    // Sequences are contiguous runs of real tokens in `rows` (left padding, row-major order).
    std::vector<int64_t> offsets{0};
    torch::Tensor mask;
    if (cpu) {
        auto lengths = batch.items.ne(kPadding).sum(1).contiguous();
        const int64_t* n = lengths.data_ptr<int64_t>();
        for (int64_t r = 0; r < b; ++r) offsets.push_back(offsets.back() + n[r]);
    } else {
        mask = causal_padding_mask(batch.items);
    }
    auto self_attention = [&](SasrecBlock& block, const torch::Tensor& h) {
        if (cpu) {
            auto qkv = block.qkv(h).view({h.size(0), 3, block.heads, dim / block.heads});
            return block.out(packed_causal_attention(qkv, offsets, p, training));
        }
        auto padded = torch::zeros({b * length, dim}, h.options()).index_copy(0, rows, h);
        return block.out(padded_self_attention(block.qkv(padded), mask, block.heads, p, training).index_select(0, rows));
    };
    auto x = embed(batch, rows, slots);
    for (auto& block : block_list_) {
        auto ffn = [&](const torch::Tensor& h) { return block->ffn_out(dropout(torch::relu(block->ffn_in(h)))); };
        if (options_.pre_norm) {
            x = x + dropout(self_attention(*block, block->attention_norm(x)));
            x = x + dropout(ffn(block->ffn_norm(x)));
        } else {
            x = block->attention_norm(x + dropout(self_attention(*block, x)));
            x = block->ffn_norm(x + dropout(ffn(x)));
        }
    }
    if (options_.pre_norm) x = final_norm(x);
    return torch::zeros({b * length, dim}, x.options()).index_copy(0, rows, x).view({b, length, dim});
}

void register_sasrec(Registry& registry) {
    Architecture arch;
    arch.op = "model.sasrec";
    arch.format = "sasrec";
    arch.version = "0.3.0";
    arch.length_buckets = false;  // the packed path computes on real positions only
    arch.doc = "SASRec: causal self-attention over the item history (Kang & McAuley 2018)";
    arch.declare_params = [](OperatorSpec& spec) {
        spec.param("layers", ParamType::Int, 2, "self-attention blocks").range(1, 16);
        spec.param("heads", ParamType::Int, 1, "attention heads (dim must be a multiple)").range(1, 64);
        spec.param("norm", ParamType::String, "pre", "LayerNorm before (pre) or after (post) each sub-layer")
            .one_of({"pre", "post"});
        spec.param("event_types", ParamType::Bool, true, "add an event-type embedding when the data has a type column");
        spec.param("time_gaps", ParamType::Bool, false, "add an embedding of the log2 time gap to the previous event");
        spec.param("path", ParamType::String, "packed",
                   "packed: position-wise layers on real positions only (fast); padded: the plain reference")
            .one_of({"packed", "padded"});
    };
    arch.make = [](const Params& params, const EncoderShape& shape) -> std::shared_ptr<SequenceEncoder> {
        SasrecOptions options;
        options.layers = params.integer("layers");
        options.heads = params.integer("heads");
        options.pre_norm = params.text("norm") == "pre";
        options.event_types = params.flag("event_types");
        options.time_gaps = params.flag("time_gaps");
        options.packed = params.text("path") == "packed";
        return std::make_shared<SasrecEncoder>(shape, options);
    };
    register_sequence_model(registry, std::move(arch));
}

}  // namespace persona::sequential
