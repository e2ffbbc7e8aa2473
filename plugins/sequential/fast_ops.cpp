// Packed causal attention and fast dropout: forward and backward written out for the CPU.
#include "fast_ops.h"

#include <ATen/Parallel.h>
#include <torch/csrc/autograd/custom_function.h>

#include <cmath>

namespace persona::sequential {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// splitmix64: a counter-based generator; uniform in [0, 1) from (seed, index).
inline float uniform(uint64_t seed, uint64_t index) {
    uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (index + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return static_cast<float>(z >> 40) * (1.0f / 16777216.0f);
}

// A seed drawn from LibTorch's default CPU generator (so torch::manual_seed governs the masks).
uint64_t draw_seed() {
    return static_cast<uint64_t>(torch::randint(std::numeric_limits<int64_t>::max(), {1}, torch::kLong).item<int64_t>());
}

// Where each (sequence, head) pair keeps its lower-triangular weights in the flat buffers.
struct TriangleLayout {
    std::vector<int64_t> start;  // per sequence: first weight of head 0
    int64_t total = 0;
};

TriangleLayout triangle_layout(const std::vector<int64_t>& offsets, int64_t heads) {
    TriangleLayout layout;
    layout.start.resize(offsets.size());
    for (size_t s = 0; s + 1 < offsets.size(); ++s) {
        const int64_t n = offsets[s + 1] - offsets[s];
        layout.start[s] = layout.total;
        layout.total += heads * n * (n + 1) / 2;
    }
    return layout;
}

// Weight (i, j), j <= i, of a triangle starting at `base`.
inline int64_t tri(int64_t i, int64_t j) { return i * (i + 1) / 2 + j; }

struct PackedAttention : public torch::autograd::Function<PackedAttention> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& qkv_in, std::vector<int64_t> offsets,
                                 double p, bool training) {
        auto qkv = qkv_in.contiguous();
        const int64_t n_tokens = qkv.size(0), heads = qkv.size(2), hd = qkv.size(3), row = 3 * heads * hd;
        const int64_t sequences = static_cast<int64_t>(offsets.size()) - 1;
        const TriangleLayout layout = triangle_layout(offsets, heads);
        const bool drop = training && p > 0;
        const float keep_scale = drop ? static_cast<float>(1.0 / (1.0 - p)) : 1.0f;
        const uint64_t seed = drop ? draw_seed() : 0;
        auto probs = torch::empty({layout.total}, qkv.options());     // softmax weights
        auto dropped = drop ? torch::empty({layout.total}, qkv.options()) : probs;  // after dropout
        auto out = torch::empty({n_tokens, heads * hd}, qkv.options());
        const float* base = qkv.data_ptr<float>();
        float* P = probs.data_ptr<float>();
        float* D = dropped.data_ptr<float>();
        float* O = out.data_ptr<float>();
        const float scale = 1.0f / std::sqrt(static_cast<float>(hd));
        at::parallel_for(0, sequences * heads, 1, [&](int64_t begin, int64_t end) {
            std::vector<float> acc(hd);
            for (int64_t task = begin; task < end; ++task) {
                const int64_t s = task / heads, h = task % heads, first = offsets[s], n = offsets[s + 1] - first;
                const int64_t w0 = layout.start[s] + h * n * (n + 1) / 2;
                for (int64_t i = 0; i < n; ++i) {
                    const float* q = base + (first + i) * row + (0 * heads + h) * hd;
                    float* w = P + w0 + tri(i, 0);
                    float top = -INFINITY;
                    for (int64_t j = 0; j <= i; ++j) {
                        const float* k = base + (first + j) * row + (1 * heads + h) * hd;
                        float dot = 0;
                        for (int64_t c = 0; c < hd; ++c) dot += q[c] * k[c];
                        w[j] = dot * scale;
                        top = std::max(top, w[j]);
                    }
                    float sum = 0;
                    for (int64_t j = 0; j <= i; ++j) sum += (w[j] = std::exp(w[j] - top));
                    const float inv = 1.0f / sum;
                    float* d = D + w0 + tri(i, 0);
                    for (int64_t j = 0; j <= i; ++j) {
                        w[j] *= inv;
                        if (drop) d[j] = uniform(seed, w0 + tri(i, j)) < p ? 0.0f : w[j] * keep_scale;
                    }
                    std::fill(acc.begin(), acc.end(), 0.0f);
                    for (int64_t j = 0; j <= i; ++j) {
                        const float* v = base + (first + j) * row + (2 * heads + h) * hd;
                        const float dj = d[j];
                        for (int64_t c = 0; c < hd; ++c) acc[c] += dj * v[c];
                    }
                    std::copy(acc.begin(), acc.end(), O + (first + i) * heads * hd + h * hd);
                }
            }
        });
        ctx->save_for_backward({qkv, probs, dropped});
        ctx->saved_data["offsets"] = torch::tensor(offsets, torch::kLong);
        ctx->saved_data["keep_scale"] = static_cast<double>(keep_scale);
        ctx->saved_data["drop"] = drop;
        return out;
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads) {
        auto saved = ctx->get_saved_variables();
        const auto& qkv = saved[0];
        const auto& probs = saved[1];
        const auto& dropped = saved[2];
        auto offsets_tensor = ctx->saved_data["offsets"].toTensor();
        std::vector<int64_t> offsets(offsets_tensor.data_ptr<int64_t>(),
                                     offsets_tensor.data_ptr<int64_t>() + offsets_tensor.numel());
        const float keep_scale = static_cast<float>(ctx->saved_data["keep_scale"].toDouble());
        const bool drop = ctx->saved_data["drop"].toBool();
        auto grad_out = grads[0].contiguous();
        const int64_t heads = qkv.size(2), hd = qkv.size(3), row = 3 * heads * hd;
        const int64_t sequences = static_cast<int64_t>(offsets.size()) - 1;
        const TriangleLayout layout = triangle_layout(offsets, heads);
        auto grad_qkv = torch::zeros_like(qkv);
        const float* base = qkv.data_ptr<float>();
        const float* P = probs.data_ptr<float>();
        const float* D = dropped.data_ptr<float>();
        const float* dO = grad_out.data_ptr<float>();
        float* G = grad_qkv.data_ptr<float>();
        const float scale = 1.0f / std::sqrt(static_cast<float>(hd));
        at::parallel_for(0, sequences * heads, 1, [&](int64_t begin, int64_t end) {
            std::vector<float> dp;
            for (int64_t task = begin; task < end; ++task) {
                const int64_t s = task / heads, h = task % heads, first = offsets[s], n = offsets[s + 1] - first;
                const int64_t w0 = layout.start[s] + h * n * (n + 1) / 2;
                dp.resize(static_cast<size_t>(n));
                for (int64_t i = 0; i < n; ++i) {
                    const float* go = dO + (first + i) * heads * hd + h * hd;
                    const float* w = P + w0 + tri(i, 0);
                    const float* d = D + w0 + tri(i, 0);
                    float weighted = 0;
                    for (int64_t j = 0; j <= i; ++j) {
                        const float* v = base + (first + j) * row + (2 * heads + h) * hd;
                        float* gv = G + (first + j) * row + (2 * heads + h) * hd;
                        float dot = 0;
                        for (int64_t c = 0; c < hd; ++c) {
                            dot += go[c] * v[c];
                            gv[c] += d[j] * go[c];
                        }
                        // d(loss)/d(weight before dropout): dropout kept it scaled, or dropped it.
                        dp[j] = drop ? (d[j] != 0.0f ? dot * keep_scale : 0.0f) : dot;
                        weighted += w[j] * dp[j];
                    }
                    const float* q = base + (first + i) * row + (0 * heads + h) * hd;
                    float* gq = G + (first + i) * row + (0 * heads + h) * hd;
                    for (int64_t j = 0; j <= i; ++j) {
                        const float ds = w[j] * (dp[j] - weighted) * scale;
                        const float* k = base + (first + j) * row + (1 * heads + h) * hd;
                        float* gk = G + (first + j) * row + (1 * heads + h) * hd;
                        for (int64_t c = 0; c < hd; ++c) {
                            gq[c] += ds * k[c];
                            gk[c] += ds * q[c];
                        }
                    }
                }
            }
        });
        return {grad_qkv, torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

struct FastDropout : public torch::autograd::Function<FastDropout> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x_in, double p) {
        auto x = x_in.contiguous();
        auto mask = torch::empty_like(x);
        auto y = torch::empty_like(x);
        const uint64_t seed = draw_seed();
        const float keep_scale = static_cast<float>(1.0 / (1.0 - p));
        const float drop = static_cast<float>(p);
        const float* X = x.data_ptr<float>();
        float* M = mask.data_ptr<float>();
        float* Y = y.data_ptr<float>();
        at::parallel_for(0, x.numel(), 16384, [&](int64_t begin, int64_t end) {
            for (int64_t i = begin; i < end; ++i) {
                M[i] = uniform(seed, static_cast<uint64_t>(i)) < drop ? 0.0f : keep_scale;
                Y[i] = X[i] * M[i];
            }
        });
        ctx->save_for_backward({mask});
        return y;
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads) {
        return {grads[0] * ctx->get_saved_variables()[0], torch::Tensor()};
    }
};

// Rows per chunk so that one chunk of logits takes at most ~16 MiB.
int64_t chunk_rows(int64_t items) { return std::max<int64_t>(1, (16 << 20) / 4 / std::max<int64_t>(1, items)); }

struct ChunkedSoftmaxCrossEntropy : public torch::autograd::Function<ChunkedSoftmaxCrossEntropy> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& hidden, const torch::Tensor& weights,
                                 const torch::Tensor& targets, double temperature) {
        torch::NoGradGuard no_grad;
        const int64_t rows = hidden.size(0), step = chunk_rows(weights.size(0));
        const double inv_t = 1.0 / temperature, inv_rows = 1.0 / static_cast<double>(std::max<int64_t>(1, rows));
        auto grad_hidden = torch::empty_like(hidden);
        auto grad_weights = torch::zeros_like(weights);
        auto total = torch::zeros({}, hidden.options());
        for (int64_t begin = 0; begin < rows; begin += step) {
            const int64_t n = std::min(step, rows - begin);
            auto h = hidden.narrow(0, begin, n);
            auto t = targets.narrow(0, begin, n);
            auto logits = torch::mm(h, weights.t()).mul_(inv_t);
            auto log_probs = torch::log_softmax(logits, 1);
            total -= log_probs.gather(1, t.unsqueeze(1)).sum();
            // d(mean loss)/d(logits) = (softmax - onehot) / rows; then through the temperature.
            auto g = log_probs.exp_();
            g.scatter_add_(1, t.unsqueeze(1), torch::full({n, 1}, -1.0, g.options()));
            g.mul_(inv_rows * inv_t);
            grad_hidden.narrow(0, begin, n).copy_(torch::mm(g, weights));
            grad_weights.addmm_(g.t(), h);
        }
        ctx->save_for_backward({grad_hidden, grad_weights});
        return total * inv_rows;
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads) {
        auto saved = ctx->get_saved_variables();
        return {saved[0] * grads[0], saved[1] * grads[0], torch::Tensor(), torch::Tensor()};
    }
};

}  // namespace

torch::Tensor chunked_softmax_cross_entropy(const torch::Tensor& hidden, const torch::Tensor& weights,
                                            const torch::Tensor& targets, double temperature) {
    return ChunkedSoftmaxCrossEntropy::apply(hidden, weights, targets, temperature);
}

torch::Tensor packed_causal_attention(const torch::Tensor& qkv, const std::vector<int64_t>& offsets, double p,
                                      bool training) {
    return PackedAttention::apply(qkv, offsets, p, training);
}

torch::Tensor fast_dropout(const torch::Tensor& x, double p, bool training) {
    if (!training || p <= 0) return x;
    if (!x.device().is_cpu() || x.scalar_type() != torch::kFloat) return torch::dropout(x, p, true);
    return FastDropout::apply(x, p);
}

}  // namespace persona::sequential
