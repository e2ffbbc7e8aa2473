// The fast path against the plain reference: SASRec packed vs padded, hand-written attention
// gradients against finite differences, and the counter-based dropout.
#include <catch2/catch.hpp>

#include <torch/torch.h>

#include "fast_ops.h"
#include "sasrec_encoder.h"

using namespace persona::sequential;

namespace {

SequenceBatch ragged_batch() {
    SequenceBatch batch;
    batch.items = torch::tensor({0, 0, 3, 4, 5, 6, 0, 0, 0, 0, 0, 7, 1, 2, 3, 4, 5, 6, 0, 0, 0, 9, 8, 7}, torch::kLong)
                      .view({4, 6});
    return batch;
}

std::shared_ptr<SasrecEncoder> small_sasrec(bool pre_norm) {
    EncoderShape shape;
    shape.items = 30;
    shape.dim = 8;
    shape.max_len = 6;
    shape.dropout = 0.3;
    SasrecOptions options;
    options.heads = 2;
    options.pre_norm = pre_norm;
    return std::make_shared<SasrecEncoder>(shape, options);
}

}  // namespace

TEST_CASE("SASRec packed path equals the padded reference, forward and gradients", "[fast]") {
    for (bool pre_norm : {true, false}) {
        torch::manual_seed(3);
        auto encoder = small_sasrec(pre_norm);
        encoder->eval();  // no dropout: both paths must agree exactly up to rounding
        auto batch = ragged_batch();
        auto reference = encoder->encode_padded(batch);
        auto weights = torch::randn_like(reference);
        (reference * weights).sum().backward();
        std::vector<torch::Tensor> reference_grads;
        for (auto& p : encoder->parameters()) {
            reference_grads.push_back(p.grad().clone());
            p.mutable_grad().zero_();
        }
        auto packed = encoder->encode_packed(batch);
        (packed * weights).sum().backward();
        CHECK((reference - packed).abs().max().item<float>() < 1e-5);
        size_t i = 0;
        for (auto& p : encoder->parameters()) CHECK((reference_grads[i++] - p.grad()).abs().max().item<float>() < 1e-4);
        // Padding positions are zero in both.
        CHECK(packed[1][0].abs().sum().item<float>() == 0.0f);
    }
}

TEST_CASE("packed attention gradients match finite differences, with attention dropout", "[fast]") {
    torch::manual_seed(11);
    const std::vector<int64_t> offsets{0, 3, 4, 8};
    auto qkv = torch::randn({8, 3, 2, 4}, torch::kFloat);
    auto weights = torch::randn({8, 8});
    const uint64_t seed = 99;
    auto loss_of = [&](const torch::Tensor& input) {
        torch::manual_seed(seed);  // the same dropout mask on every evaluation
        return (packed_causal_attention(input, offsets, 0.3, true) * weights).sum();
    };
    auto x = qkv.clone().requires_grad_(true);
    loss_of(x).backward();
    auto analytic = x.grad();
    const float eps = 1e-2f;
    auto flat = qkv.view({-1});
    float worst = 0;
    for (int64_t i = 0; i < flat.numel(); i += 3) {
        auto plus = qkv.clone(), minus = qkv.clone();
        plus.view({-1})[i] += eps;
        minus.view({-1})[i] -= eps;
        const float numeric = (loss_of(plus).item<float>() - loss_of(minus).item<float>()) / (2 * eps);
        worst = std::max(worst, std::abs(numeric - analytic.view({-1})[i].item<float>()));
    }
    CHECK(worst < 2e-2f);
}

TEST_CASE("packed attention: a token attends only to itself and earlier tokens of its sequence", "[fast]") {
    auto qkv = torch::randn({5, 3, 1, 4});
    auto first = packed_causal_attention(qkv, {0, 2, 5}, 0.0, false);
    auto changed = qkv.clone();
    changed[3] += 5.0;  // a later token of the second sequence
    auto second = packed_causal_attention(changed, {0, 2, 5}, 0.0, false);
    CHECK(torch::equal(first.narrow(0, 0, 3), second.narrow(0, 0, 3)));
    CHECK_FALSE(torch::equal(first[3], second[3]));
    // The first token of a sequence returns its own value vector.
    CHECK(torch::allclose(first[2], qkv[2][2][0]));
}

TEST_CASE("fast dropout: seeded, keeps about 1-p, scales, and passes gradients through the mask", "[fast]") {
    auto x = torch::ones({200000}).requires_grad_(true);
    torch::manual_seed(1);
    auto a = fast_dropout(x, 0.25, true);
    torch::manual_seed(1);
    auto b = fast_dropout(x, 0.25, true);
    CHECK(torch::equal(a, b));
    const double kept = a.ne(0).to(torch::kDouble).mean().item<double>();
    CHECK(kept == Approx(0.75).margin(0.01));
    CHECK(a.max().item<float>() == Approx(1.0 / 0.75));
    a.sum().backward();
    CHECK(torch::equal(x.grad(), a.detach()));
    CHECK(torch::equal(fast_dropout(x, 0.25, false), x));
}

TEST_CASE("chunked softmax cross-entropy equals the plain loss and its gradients", "[fast]") {
    torch::manual_seed(4);
    // 9000 items make the chunks hold ~460 rows, so 1000 rows take three chunks.
    auto hidden = torch::randn({1000, 8}, torch::requires_grad());
    auto weights = torch::randn({9000, 8}, torch::requires_grad());
    auto targets = torch::randint(0, 9000, {1000}, torch::kLong);
    auto plain = torch::nn::functional::cross_entropy(torch::mm(hidden, weights.t()) / 0.5, targets);
    auto plain_grads = torch::autograd::grad({plain * 3}, {hidden, weights});
    auto fused = chunked_softmax_cross_entropy(hidden, weights, targets, 0.5);
    auto fused_grads = torch::autograd::grad({fused * 3}, {hidden, weights});
    CHECK(fused.item<float>() == Approx(plain.item<float>()).epsilon(1e-5));
    CHECK(torch::allclose(fused_grads[0], plain_grads[0], 1e-4, 1e-6));
    CHECK(torch::allclose(fused_grads[1], plain_grads[1], 1e-4, 1e-6));
}
