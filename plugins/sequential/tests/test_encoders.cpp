// Tests of the encoders themselves: causality, padding that does not leak, Caser's window, shapes.
#include <catch2/catch.hpp>

#include <functional>

#include <torch/fft.h>
#include <torch/torch.h>

#include "bsarec_encoder.h"
#include "caser_encoder.h"
#include "gru4rec_encoder.h"
#include "hstu_encoder.h"
#include "sasrec_encoder.h"

using namespace persona;
using namespace persona::sequential;

namespace {

using Factory = std::function<std::shared_ptr<SequenceEncoder>(const EncoderShape&)>;

// An architecture built small, and whether it is causal.
struct EncoderCase {
    std::string name;
    Factory make;
    bool causal = true;
};

// Every architecture. Adding one is one line.
const std::vector<EncoderCase> kEncoders = {
    {"gru4rec", [](const EncoderShape& s) { return std::make_shared<Gru4RecEncoder>(s, Gru4RecOptions{}); }},
    {"gru4rec-lstm-2",
     [](const EncoderShape& s) { return std::make_shared<Gru4RecEncoder>(s, Gru4RecOptions{"lstm", 2, 12}); }},
    {"caser", [](const EncoderShape& s) { return std::make_shared<CaserEncoder>(s, CaserOptions{3, 4, 2}); }},
    {"sasrec", [](const EncoderShape& s) { return std::make_shared<SasrecEncoder>(s, SasrecOptions{}); }},
    {"hstu", [](const EncoderShape& s) { return std::make_shared<HstuEncoder>(s, HstuOptions{}); }},
    {"bsarec", [](const EncoderShape& s) { return std::make_shared<BsarecEncoder>(s, BsarecOptions{}); }, false},
    {"bsarec-embedded-padding",
     [](const EncoderShape& s) { return std::make_shared<BsarecEncoder>(s, BsarecOptions{2, 1, 0.7, 5, true, true}); },
     false},
};

EncoderShape small_shape() {
    EncoderShape shape;
    shape.items = 20;
    shape.types = 3;
    shape.dim = 8;
    shape.max_len = 8;
    shape.dropout = 0.1;
    return shape;
}

// Two left-padded sequences of length 8 with types and times.
SequenceBatch small_batch() {
    SequenceBatch batch;
    batch.items = torch::tensor({0, 0, 3, 7, 1, 9, 4, 2, 0, 0, 0, 0, 5, 6, 11, 12}, torch::kLong).view({2, 8});
    batch.types = batch.items.remainder(2) + 1;
    batch.types.masked_fill_(batch.items.eq(0), 0);
    batch.times = torch::arange(16, torch::kLong).view({2, 8}) * 60;
    return batch;
}

torch::Tensor encode_eval(SequenceEncoder& encoder, const SequenceBatch& batch) {
    encoder.eval();
    torch::NoGradGuard no_grad;
    return encoder.encode(batch);
}

}  // namespace

TEST_CASE("encoders give [B, L, dim] states and item embeddings [items, dim]", "[encoders]") {
    for (const auto& [name, make, causal] : kEncoders) {
        INFO(name);
        torch::manual_seed(1);
        auto encoder = make(small_shape());
        const torch::Tensor h = encode_eval(*encoder, small_batch());
        CHECK(h.sizes() == torch::IntArrayRef{2, 8, 8});
        CHECK(encoder->item_embeddings().sizes() == torch::IntArrayRef{20, 8});
        CHECK(torch::isfinite(h).all().item<bool>());
    }
}

TEST_CASE("causal encoders: a later item never changes an earlier state", "[encoders]") {
    for (const auto& [name, make, causal] : kEncoders) {
        if (!causal) continue;
        INFO(name);
        torch::manual_seed(2);
        auto encoder = make(small_shape());
        const SequenceBatch batch = small_batch();
        SequenceBatch changed = batch;
        changed.items = batch.items.clone();
        changed.items[0][5] = 17;
        changed.items[1][5] = 18;
        const torch::Tensor a = encode_eval(*encoder, batch), b = encode_eval(*encoder, changed);
        CHECK(torch::allclose(a.narrow(1, 0, 5), b.narrow(1, 0, 5), 1e-5, 1e-6));
        CHECK_FALSE(torch::allclose(a.select(1, 5), b.select(1, 5), 1e-5, 1e-6));
    }
}

TEST_CASE("the padding embedding row does not leak into real positions", "[encoders]") {
    for (const auto& [name, make, causal] : kEncoders) {
        INFO(name);
        torch::manual_seed(3);
        auto encoder = make(small_shape());
        const SequenceBatch batch = small_batch();
        const torch::Tensor before = encode_eval(*encoder, batch);
        {
            torch::NoGradGuard no_grad;
            for (auto& p : encoder->named_parameters())
                if (p.key() == "items.weight") p.value()[0].fill_(3.0);
        }
        const torch::Tensor after = encode_eval(*encoder, batch);
        const torch::Tensor real = batch.items.ne(0);
        CHECK(torch::allclose(before.index({real}), after.index({real}), 1e-5, 1e-6));
    }
}

TEST_CASE("states do not depend on how much left padding a batch has", "[encoders]") {
    // Batches are only as wide as their longest sequence, so positions are anchored at the end.
    for (const auto& [name, make, causal] : kEncoders) {
        INFO(name);
        torch::manual_seed(4);
        auto encoder = make(small_shape());
        const SequenceBatch wide = small_batch();
        SequenceBatch narrow;
        narrow.items = wide.items.narrow(1, 2, 6);
        narrow.types = wide.types.narrow(1, 2, 6);
        narrow.times = wide.times.narrow(1, 2, 6);
        const torch::Tensor a = encode_eval(*encoder, wide), b = encode_eval(*encoder, narrow);
        CHECK(torch::allclose(a.narrow(1, 2, 6), b, 1e-5, 1e-6));
    }
}

TEST_CASE("bsarec's frequency filter lets a later item change an earlier state", "[encoders][bsarec]") {
    torch::manual_seed(5);
    BsarecEncoder bsarec(small_shape(), BsarecOptions{});
    const SequenceBatch batch = small_batch();
    SequenceBatch changed = batch;
    changed.items = batch.items.clone();
    changed.items[0][7] = 17;
    CHECK_FALSE(torch::allclose(encode_eval(bsarec, batch)[0][4], encode_eval(bsarec, changed)[0][4], 1e-5, 1e-6));
    // With alpha 0 only self-attention is left, and the model is causal again.
    BsarecEncoder attention_only(small_shape(), BsarecOptions{2, 1, 0.0, 5});
    CHECK(torch::allclose(encode_eval(attention_only, batch)[0][4], encode_eval(attention_only, changed)[0][4], 1e-5, 1e-6));
}

TEST_CASE("bsarec's packed path gives the padded reference's states and gradients", "[encoders][bsarec]") {
    EncoderShape shape = small_shape();
    shape.dropout = 0.0;  // dropout masks differ between the paths
    torch::manual_seed(6);
    BsarecEncoder bsarec(shape, BsarecOptions{2, 2, 0.7, 5});
    const SequenceBatch batch = small_batch();
    CHECK(torch::allclose(encode_eval(bsarec, batch), [&] {
        torch::NoGradGuard no_grad;
        return bsarec.encode_padded(batch);
    }(), 1e-5, 1e-6));
    {
        // A batch narrower than max_len fills the window's last slots: the same states as with full padding.
        torch::NoGradGuard no_grad;
        SequenceBatch narrow;
        narrow.items = batch.items.narrow(1, 2, 6);
        CHECK(torch::allclose(bsarec.encode_padded(narrow), bsarec.encode_padded(batch).narrow(1, 2, 6), 1e-5, 1e-6));
        SequenceBatch too_wide;
        too_wide.items = torch::ones({1, shape.max_len + 1}, torch::kLong);
        CHECK_THROWS_WITH(bsarec.encode_padded(too_wide), Catch::Contains("longer than max_len"));
    }
    bsarec.train();
    auto gradients = [&](bool packed) {
        bsarec.zero_grad();
        const torch::Tensor h = packed ? bsarec.encode_packed(batch) : bsarec.encode_padded(batch);
        (h * torch::linspace(-1, 1, h.numel()).view(h.sizes())).sum().backward();
        std::vector<torch::Tensor> out;
        for (auto& p : bsarec.parameters()) out.push_back(p.grad().defined() ? p.grad().clone() : torch::zeros_like(p));
        return out;
    };
    const auto packed = gradients(true), padded = gradients(false);
    REQUIRE(packed.size() == padded.size());
    for (size_t i = 0; i < packed.size(); ++i) CHECK(torch::allclose(packed[i], padded[i], 1e-4, 1e-5));
}

TEST_CASE("encode_last is the last position of encode, empty sequences included", "[encoders]") {
    SequenceBatch batch = small_batch();
    batch.items = torch::cat({batch.items, torch::zeros({1, 8}, torch::kLong)});
    batch.types = torch::cat({batch.types, torch::zeros({1, 8}, torch::kLong)});
    batch.times = torch::cat({batch.times, torch::zeros({1, 8}, torch::kLong)});
    for (const auto& [name, make, causal] : kEncoders) {
        INFO(name);
        torch::manual_seed(7);
        auto encoder = make(small_shape());
        encoder->eval();
        torch::NoGradGuard no_grad;
        const torch::Tensor last = encoder->encode_last(batch);
        CHECK(last.sizes() == torch::IntArrayRef{3, 8});
        CHECK(torch::allclose(last, encoder->encode(batch).select(1, 7), 1e-5, 1e-6));
    }
}

TEST_CASE("bsarec with embedded padding: padding slots carry signal and an empty history has a state",
          "[encoders][bsarec]") {
    torch::manual_seed(9);
    SequenceBatch batch = small_batch();
    batch.items = torch::cat({batch.items, torch::zeros({1, 8}, torch::kLong)});  // a third, empty history
    for (bool embedded : {false, true}) {
        INFO("embedded " << embedded);
        BsarecEncoder bsarec(small_shape(), BsarecOptions{2, 1, 0.7, 5, true, embedded});
        CHECK(bsarec.encodes_empty_history() == embedded);
        const torch::Tensor before = encode_eval(bsarec, batch);
        {
            torch::NoGradGuard no_grad;
            for (auto& p : bsarec.named_parameters())
                if (p.key() == "positions.weight") p.value()[0].fill_(1.0);  // slot 0: padding in every row
        }
        const torch::Tensor after = encode_eval(bsarec, batch);
        // Zero padding: nothing changes. Embedded: the first sequence's last state moves with its padding.
        CHECK(torch::allclose(before[0][7], after[0][7], 1e-5, 1e-6) == !embedded);
        CHECK(torch::allclose(before[2][7], torch::zeros({8})) == !embedded);
    }
}

TEST_CASE("bsarec with embedded padding: the fast path is the plain window path but for its dropout",
          "[encoders][bsarec]") {
    SequenceBatch batch = small_batch();
    batch.items = torch::cat({batch.items, torch::zeros({1, 8}, torch::kLong)});
    for (double dropout : {0.0, 0.3}) {
        INFO("dropout " << dropout);
        EncoderShape shape = small_shape();
        shape.dropout = dropout;
        torch::manual_seed(11);
        BsarecEncoder bsarec(shape, BsarecOptions{2, 1, 0.7, 5, true, true});
        // Without dropout (eval mode or p = 0) the two paths agree in value and gradient.
        const torch::Tensor evaluated = encode_eval(bsarec, batch);
        CHECK(torch::allclose(evaluated, bsarec.encode_padded(batch), 1e-5, 1e-6));
        bsarec.train();
        const torch::Tensor projection = torch::randn(evaluated.sizes());  // a loss with a gradient through the norms
        auto gradients = [&](bool fast) {
            bsarec.zero_grad();
            torch::manual_seed(5);
            ((fast ? bsarec.encode(batch) : bsarec.encode_padded(batch)) * projection).sum().backward();
            return bsarec.named_parameters()["blocks.0.ffn_in.weight"].grad().clone();
        };
        const torch::Tensor fast = gradients(true), plain = gradients(false);
        CHECK(fast.abs().max().item<float>() > 1e-3);
        CHECK(torch::allclose(fast, plain, 1e-4, 1e-6) == (dropout == 0.0));
        // With dropout the fast path drops: training states differ from the eval states.
        torch::manual_seed(5);
        const torch::Tensor trained = bsarec.encode(batch).detach();
        CHECK(torch::allclose(trained, evaluated, 1e-5, 1e-6) == (dropout == 0.0));
    }
}

TEST_CASE("bsarec's low-pass matrix is the FFT low band", "[encoders][bsarec]") {
    torch::manual_seed(8);
    const torch::Tensor x = torch::randn({50, 6}, torch::kDouble);
    for (int64_t cutoff : {1, 5, 9, 99}) {
        INFO("cutoff " << cutoff);
        auto spectrum = torch::fft::rfft(x, c10::nullopt, 0, "ortho");
        const int64_t keep = std::min<int64_t>(cutoff / 2 + 1, spectrum.size(0));
        spectrum.narrow(0, keep, spectrum.size(0) - keep).zero_();
        const torch::Tensor expected = torch::fft::irfft(spectrum, 50, 0, "ortho");
        CHECK(torch::allclose(torch::matmul(low_pass_matrix(50, cutoff).to(torch::kDouble), x), expected, 1e-5, 1e-5));
    }
    // Keeping every frequency keeps the signal; the zero frequency alone is the mean.
    CHECK(torch::allclose(low_pass_matrix(8, 99), torch::eye(8), 1e-5, 1e-6));
    CHECK(torch::allclose(low_pass_matrix(8, 1), torch::full({8, 8}, 1.0 / 8), 1e-5, 1e-6));
}

TEST_CASE("caser's state at t depends on the last window items only", "[encoders][caser]") {
    torch::manual_seed(4);
    CaserEncoder caser(small_shape(), CaserOptions{3, 4, 2});
    const SequenceBatch batch = small_batch();
    SequenceBatch far = batch, near = batch;
    far.items = batch.items.clone();
    far.items[0][4] = 15;  // position 4 is outside the window {5, 6, 7} of position 7
    near.items = batch.items.clone();
    near.items[0][5] = 15;  // inside it
    const torch::Tensor base = encode_eval(caser, batch);
    CHECK(torch::allclose(base[0][7], encode_eval(caser, far)[0][7]));
    CHECK_FALSE(torch::allclose(base[0][7], encode_eval(caser, near)[0][7]));
}

TEST_CASE("gru4rec hidden != dim adds a projection back to dim", "[encoders][gru4rec]") {
    Gru4RecEncoder projected(small_shape(), Gru4RecOptions{"gru", 1, 5});
    bool has_projection = false;
    for (auto& p : projected.named_parameters()) has_projection |= p.key().rfind("project.", 0) == 0;
    CHECK(has_projection);
    CHECK(encode_eval(projected, small_batch()).size(2) == 8);
}
