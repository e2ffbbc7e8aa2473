// BSARec encoder: embeddings, then blocks of (low-pass filter + rescaled high frequencies) mixed with
// causal self-attention, each followed by a feed-forward network.
#include "bsarec_encoder.h"

#include <torch/fft.h>
#include <torch/nn/init.h>

#include "fast_ops.h"
#include "padded_attention.h"
#include "persona/error.h"

namespace persona::sequential {

namespace {

constexpr double kInitStd = 0.02;  // BSARec's initializer range for embeddings and linear weights

// Left-pads [B, L] to [B, width] with zeros (padding) when L < width.
torch::Tensor left_pad(const torch::Tensor& items, int64_t width) {
    const int64_t missing = width - items.size(1);
    if (missing <= 0) return items;
    return torch::cat({torch::zeros({items.size(0), missing}, items.options()), items}, 1);
}

// BSARec's own additive mask [B, 1, L, L]: 0 where a query may see a key (a real item at or before it),
// -10000 elsewhere. A padding query sees no key, so all its scores drop by the same amount and it
// attends by its raw scores over the whole window.
torch::Tensor reference_padding_mask(const torch::Tensor& items) {
    const int64_t length = items.size(1);
    auto causal = torch::ones({length, length}, torch::TensorOptions().dtype(torch::kBool).device(items.device())).tril();
    auto allowed = causal.unsqueeze(0).logical_and(items.ne(kPadding).unsqueeze(1));
    auto mask = torch::zeros(allowed.sizes(), torch::TensorOptions().device(items.device()));
    return mask.masked_fill(allowed.logical_not(), -10000.0).unsqueeze(1);
}

}  // namespace

torch::Tensor low_pass_matrix(int64_t length, int64_t cutoff) {
    auto spectrum = torch::fft::rfft(torch::eye(length, torch::kDouble), c10::nullopt, 0, "ortho");
    const int64_t keep = std::min<int64_t>(cutoff / 2 + 1, spectrum.size(0));
    spectrum.narrow(0, keep, spectrum.size(0) - keep).zero_();
    return torch::fft::irfft(spectrum, length, 0, "ortho").to(torch::kFloat).contiguous();
}

BsarecBlock::BsarecBlock(int64_t dim, int64_t heads_count) : heads(heads_count) {
    sqrt_beta = register_parameter("sqrt_beta", torch::randn({1, 1, dim}));
    qkv = register_module("qkv", torch::nn::Linear(dim, 3 * dim));
    out = register_module("out", torch::nn::Linear(dim, dim));
    ffn_in = register_module("ffn_in", torch::nn::Linear(dim, 4 * dim));
    ffn_out = register_module("ffn_out", torch::nn::Linear(4 * dim, dim));
    filter_norm = register_module("filter_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(1e-12)));
    attention_norm = register_module("attention_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(1e-12)));
    ffn_norm = register_module("ffn_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(1e-12)));
}

BsarecEncoder::BsarecEncoder(const EncoderShape& shape, const BsarecOptions& options)
    : shape_(shape), options_(options) {
    if (shape.dim % options.heads != 0)
        throw Error("model.bsarec: dim (" + std::to_string(shape.dim) + ") must be a multiple of heads (" +
                    std::to_string(options.heads) + ")");
    items = register_module("items", torch::nn::Embedding(shape.items, shape.dim));
    positions = register_module("positions", torch::nn::Embedding(shape.max_len, shape.dim));
    input_norm = register_module("input_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({shape.dim}).eps(1e-12)));
    blocks = register_module("blocks", torch::nn::ModuleList());
    for (int64_t b = 0; b < options.layers; ++b) {
        block_list_.push_back(std::make_shared<BsarecBlock>(shape.dim, options.heads));
        blocks->push_back(block_list_.back());
    }
    torch::NoGradGuard no_grad;
    low_pass = register_buffer("low_pass", low_pass_matrix(shape.max_len, options.cutoff));
    for (auto& p : named_parameters()) {
        const std::string& name = p.key();
        const bool weight = name.size() > 7 && name.compare(name.size() - 7, 7, ".weight") == 0;
        if (weight && name.find("norm") == std::string::npos) torch::nn::init::normal_(p.value(), 0.0, kInitStd);
        if (name.size() > 5 && name.compare(name.size() - 5, 5, ".bias") == 0 && name.find("norm") == std::string::npos)
            p.value().zero_();
    }
    items->weight[kPadding].zero_();
}

torch::Tensor BsarecEncoder::frequency_filter(BsarecBlock& block, const torch::Tensor& x) {
    // x holds the window's last `length` slots; the slots before them are padding (zero), so only the
    // matrix's last rows and columns take part: one [length, length] x [length, B * d] product.
    const int64_t length = x.size(0), skipped = low_pass.size(0) - length;
    auto band = low_pass.narrow(0, skipped, length).narrow(1, skipped, length);
    auto low = torch::mm(band, x.reshape({length, -1})).view(x.sizes());
    return low + block.sqrt_beta.square().squeeze(0) * (x - low);
}

int64_t BsarecEncoder::batch_width(const SequenceBatch& batch) const {
    const int64_t width = batch.items.size(1);
    if (width > shape_.max_len)
        throw Error("model.bsarec: a batch of width " + std::to_string(width) + " is longer than max_len (" +
                    std::to_string(shape_.max_len) + ")");
    return width;
}

bool BsarecEncoder::packs(const SequenceBatch& batch) const {
    return options_.packed && !options_.embedded_padding && batch.items.device().is_cpu();
}

torch::Tensor BsarecEncoder::encode(const SequenceBatch& batch) {
    if (packs(batch)) return encode_packed(batch);
    return run_window(batch, options_.packed);  // embedded padding on the fast path: hand-written dropout
}

torch::Tensor BsarecEncoder::encode_padded(const SequenceBatch& batch) { return run_window(batch, false); }

torch::Tensor BsarecEncoder::run_window(const SequenceBatch& batch, bool fast) {
    const int64_t width = batch_width(batch);
    const bool embedded = options_.embedded_padding;
    const int64_t window = embedded ? shape_.max_len : width;  // embedded padding fills the whole window
    const torch::Tensor item_columns = left_pad(batch.items, window);
    const int64_t b = item_columns.size(0), dim = shape_.dim;
    const double p = shape_.dropout;
    const bool training = is_training();
    auto real = item_columns.ne(kPadding).unsqueeze(2).to(torch::kFloat);
    auto keep = [&](const torch::Tensor& t) { return embedded ? t : t * real; };  // zero padding stays zero
    auto dropout = [&](const torch::Tensor& t) { return fast ? fast_dropout(t, p, training) : torch::dropout(t, p, training); };
    auto slots = torch::arange(shape_.max_len - window, shape_.max_len, item_columns.options());
    auto x = keep(dropout(input_norm(items(item_columns) * real + positions(slots).unsqueeze(0))));
    auto mask = embedded ? reference_padding_mask(item_columns) : causal_padding_mask(item_columns);
    for (auto& block : block_list_) {
        auto low_high = frequency_filter(*block, x.transpose(0, 1).contiguous()).transpose(0, 1);
        auto filtered = block->filter_norm(dropout(low_high) + x);
        auto attended = block->out(padded_self_attention(block->qkv(x.reshape({b * window, dim})), mask, block->heads, p,
                                                         training, fast)).view({b, window, dim});
        attended = block->attention_norm(dropout(attended) + x);
        auto mixed = options_.alpha * filtered + (1.0 - options_.alpha) * attended;
        auto ffn = block->ffn_out(torch::gelu(block->ffn_in(mixed)));
        x = keep(block->ffn_norm(dropout(ffn) + mixed));
    }
    return x.narrow(1, window - width, width);
}

torch::Tensor BsarecEncoder::encode_packed(const SequenceBatch& batch) { return run_packed(batch, false); }

torch::Tensor BsarecEncoder::encode_last(const SequenceBatch& batch) {
    if (!packs(batch)) return SequenceEncoder::encode_last(batch);
    return run_packed(batch, true);
}

torch::Tensor BsarecEncoder::run_packed(const SequenceBatch& batch, bool last_only) {
    const int64_t window = batch_width(batch);
    const torch::Tensor& item_columns = batch.items;
    const int64_t b = item_columns.size(0), dim = shape_.dim;
    const double p = shape_.dropout;
    const bool training = is_training();
    auto dropout = [&](const torch::Tensor& t) { return fast_dropout(t, p, training); };
    auto flat = item_columns.reshape({-1});
    auto rows = flat.ne(kPadding).nonzero().squeeze(1);  // real tokens, each sequence a contiguous run
    auto slots = rows.remainder(window) + (shape_.max_len - window);
    auto lengths = item_columns.ne(kPadding).sum(1).contiguous();
    std::vector<int64_t> offsets{0}, last_rows;
    for (int64_t r = 0; r < b; ++r) {
        offsets.push_back(offsets.back() + lengths.data_ptr<int64_t>()[r]);
        last_rows.push_back(std::max<int64_t>(0, offsets.back() - 1));
    }
    if (last_only && offsets.back() == 0) return torch::zeros({b, dim});
    // The rows of the real tokens in the window-major layout [window, B, dim] that the filter takes.
    auto window_rows = rows.remainder(window) * b + rows.div(window, "floor");
    auto lasts = torch::tensor(last_rows, torch::kLong);

    auto x = dropout(input_norm(items(flat.index_select(0, rows)) + positions(slots)));
    for (size_t k = 0; k < block_list_.size(); ++k) {
        BsarecBlock& block = *block_list_[k];
        auto window_major = torch::zeros({window * b, dim}, x.options()).index_copy(0, window_rows, x);
        auto low_high =
            frequency_filter(block, window_major.view({window, b, dim})).view({window * b, dim}).index_select(0, window_rows);
        auto qkv = block.qkv(x).view({x.size(0), 3, block.heads, dim / block.heads});
        auto attention = packed_causal_attention(qkv, offsets, p, training);
        if (last_only && k + 1 == block_list_.size()) {  // everything after attention is per position
            low_high = low_high.index_select(0, lasts);
            attention = attention.index_select(0, lasts);
            x = x.index_select(0, lasts);
        }
        auto filtered = block.filter_norm(dropout(low_high) + x);
        auto attended = block.attention_norm(dropout(block.out(attention)) + x);
        auto mixed = options_.alpha * filtered + (1.0 - options_.alpha) * attended;
        x = block.ffn_norm(dropout(block.ffn_out(torch::gelu(block.ffn_in(mixed)))) + mixed);
    }
    if (last_only) return x * lengths.gt(0).unsqueeze(1).to(x.dtype());
    return torch::zeros({b * window, dim}, x.options()).index_copy(0, rows, x).view({b, window, dim});
}

void register_bsarec(Registry& registry) {
    Architecture arch;
    arch.op = "model.bsarec";
    arch.format = "bsarec";
    arch.version = "0.2.0";  // 0.2: embedded padding uses the hand-written dropout
    arch.length_buckets = false;  // the packed path computes on real positions only
    arch.causal = false;          // the filter mixes the whole window: train on prefixes
    arch.doc = "BSARec: self-attention with a frequency-domain inductive bias (Shin et al., AAAI 2024)";
    arch.declare_params = [](OperatorSpec& spec) {
        spec.param("layers", ParamType::Int, 2, "blocks").range(1, 16);
        spec.param("heads", ParamType::Int, 1, "attention heads (dim must be a multiple)").range(1, 64);
        spec.param("alpha", ParamType::Float, 0.7, "weight of the frequency branch (1 - alpha: self-attention)")
            .range(0, 1);
        spec.param("cutoff", ParamType::Int, 5, "BSARec's c: the lowest cutoff / 2 + 1 frequencies are the low band")
            .range(1, 4096);
        spec.param("path", ParamType::String, "packed",
                   "packed: position-wise layers on real positions only (fast, CPU); padded: the plain reference")
            .one_of({"packed", "padded"});
        spec.param("padding", ParamType::String, "zero",
                   "zero: padding slots stay zero; embedded: as BSARec's code, padding slots carry their position "
                   "embedding through every layer and training also predicts each user's first item from the "
                   "empty history (computes the whole window: about 3.5x slower per epoch on Beauty)")
            .one_of({"zero", "embedded"});
    };
    arch.make = [](const Params& params, const EncoderShape& shape) -> std::shared_ptr<SequenceEncoder> {
        BsarecOptions options;
        options.layers = params.integer("layers");
        options.heads = params.integer("heads");
        options.alpha = params.number("alpha");
        options.cutoff = params.integer("cutoff");
        options.packed = params.text("path") == "packed";
        options.embedded_padding = params.text("padding") == "embedded";
        return std::make_shared<BsarecEncoder>(shape, options);
    };
    register_sequence_model(registry, std::move(arch));
}

}  // namespace persona::sequential
