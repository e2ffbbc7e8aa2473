// Tests of the losses against hand-computed references; padding positions never count.
#include <catch2/catch.hpp>

#include <cmath>

#include <torch/nn/functional/loss.h>

#include "persona/error.h"
#include "sequence_losses.h"

using namespace persona;
using namespace persona::sequential;

namespace {

// Two sequences of length 3: targets [0 2 3] and [0 0 1]; 4 item columns (0 = padding), dim 2.
TrainingBatch small_batch() {
    TrainingBatch batch;
    batch.sequences.targets = torch::tensor({0, 2, 3, 0, 0, 1}, torch::kLong).view({2, 3});
    return batch;
}

torch::Tensor small_hidden() {
    torch::manual_seed(3);
    return torch::randn({2, 3, 2});
}

torch::Tensor small_embeddings() {
    return torch::tensor({0.0f, 0.0f, 1.0f, 0.5f, -0.5f, 1.0f, 0.25f, -1.0f}).view({4, 2});
}

// The rows of hidden with a target, in order: (0,1), (0,2), (1,2), and their targets 2, 3, 1.
torch::Tensor real_hidden(const torch::Tensor& h) { return torch::stack({h[0][1], h[0][2], h[1][2]}); }
const std::vector<int64_t> kRealTargets = {2, 3, 1};

}  // namespace

TEST_CASE("ce is the full softmax over item columns 1..N at target positions only", "[losses]") {
    const torch::Tensor h = small_hidden(), e = small_embeddings();
    const LossSettings ce{LossKind::FullSoftmax, 0, 0.5};
    const double loss = sequence_loss(h, e, small_batch(), ce).item<double>();
    const torch::Tensor logits = real_hidden(h).matmul(e.slice(0, 1).t()) / 0.5;
    const torch::Tensor expected = torch::nn::functional::cross_entropy(logits, torch::tensor({1, 2, 0}, torch::kLong));
    CHECK(loss == Approx(expected.item<double>()).epsilon(1e-5));

    torch::Tensor changed = h.clone();
    changed[0][0] = torch::tensor({50.0f, -50.0f});  // a padding position
    CHECK(sequence_loss(changed, e, small_batch(), ce).item<double>() == Approx(loss).epsilon(1e-6));
}

TEST_CASE("bce scores the target against one negative per position", "[losses]") {
    const torch::Tensor e = small_embeddings();
    TrainingBatch batch = small_batch();
    batch.negatives = torch::tensor({0, 1, 1, 0, 0, 3}, torch::kLong).view({2, 3});
    const LossSettings bce{LossKind::Bce, 0, 1.0};
    // Zero hidden states: every logit is 0, each term is log 2.
    CHECK(sequence_loss(torch::zeros({2, 3, 2}), e, batch, bce).item<double>() == Approx(2 * std::log(2.0)));

    const torch::Tensor h = small_hidden(), real = real_hidden(h);
    double expected = 0;
    const int64_t negatives[] = {1, 1, 3};
    for (int r = 0; r < 3; ++r) {
        const double pos = (real[r] * e[kRealTargets[r]]).sum().item<double>();
        const double neg = (real[r] * e[negatives[r]]).sum().item<double>();
        expected += std::log1p(std::exp(-pos)) + std::log1p(std::exp(neg));
    }
    CHECK(sequence_loss(h, e, batch, bce).item<double>() == Approx(expected / 3).epsilon(1e-5));
}

TEST_CASE("sampled softmax puts the target against shared negatives, masking a negative equal to it", "[losses]") {
    const torch::Tensor h = small_hidden(), e = small_embeddings(), real = real_hidden(h);
    TrainingBatch batch = small_batch();
    batch.negatives = torch::tensor({3, 1}, torch::kLong);
    const LossSettings sampled{LossKind::SampledSoftmax, 2, 2.0};
    double expected = 0;
    for (int r = 0; r < 3; ++r) {
        const double pos = (real[r] * e[kRealTargets[r]]).sum().item<double>() / 2.0;
        double denominator = std::exp(pos);
        for (int64_t n : {3, 1})
            if (n != kRealTargets[r]) denominator += std::exp((real[r] * e[n]).sum().item<double>() / 2.0);
        expected += std::log(denominator) - pos;
    }
    CHECK(sequence_loss(h, e, batch, sampled).item<double>() == Approx(expected / 3).epsilon(1e-5));

    batch.negatives = torch::tensor({2, 2}, torch::kLong);  // row (0,1) has target 2: only its target is left
    TrainingBatch only_first = batch;
    only_first.sequences.targets = torch::tensor({0, 2, 0, 0, 0, 0}, torch::kLong).view({2, 3});
    CHECK(sequence_loss(h, e, only_first, sampled).item<double>() == Approx(0.0).margin(1e-7));
}

TEST_CASE("loss names map to kinds and the negatives they need", "[losses]") {
    CHECK(loss_kind("bce") == LossKind::Bce);
    CHECK(loss_kind("sampled_softmax") == LossKind::SampledSoftmax);
    CHECK(loss_kind("ce") == LossKind::FullSoftmax);
    CHECK_THROWS_WITH(loss_kind("hinge"), Catch::Contains("hinge") && Catch::Contains("bce, sampled_softmax or ce"));
    CHECK(negatives_for(LossKind::Bce) == NegativeSampling::PerPosition);
    CHECK(negatives_for(LossKind::SampledSoftmax) == NegativeSampling::Shared);
    CHECK(negatives_for(LossKind::FullSoftmax) == NegativeSampling::None);
}

TEST_CASE("ce over a large catalogue (many logit chunks) equals the plain softmax cross-entropy", "[losses]") {
    const int64_t columns = (int64_t(1) << 21) + 1;  // logits of 5 rows x 2M columns: several chunks
    torch::manual_seed(5);
    const torch::Tensor e = torch::randn({columns, 2}) * 0.1;
    const torch::Tensor h = torch::randn({1, 5, 2});
    TrainingBatch batch;
    const std::vector<int64_t> targets = {7, 100, columns - 1, 1, 5000};
    batch.sequences.targets = torch::tensor(targets, torch::kLong).view({1, 5});
    const torch::Tensor logits = h[0].matmul(e.slice(0, 1).t());
    const double expected =
        torch::nn::functional::cross_entropy(logits, batch.sequences.targets[0] - 1).item<double>();
    const LossSettings ce{LossKind::FullSoftmax, 0, 1.0};
    CHECK(sequence_loss(h, e, batch, ce).item<double>() == Approx(expected).epsilon(1e-5));
}
