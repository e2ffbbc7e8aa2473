// TEMPORARY profiling (not a test): times the parts of one training step at Amazon-Beauty scale.
#include <catch2/catch.hpp>

#include <chrono>
#include <iostream>
#include <random>

#include <torch/torch.h>

#include "caser_encoder.h"
#include "gru4rec_encoder.h"
#include "sasrec_encoder.h"
#include "sequence_losses.h"
#include "training_batches.h"

using namespace persona::sequential;

namespace {
double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
}

TEST_CASE("profile", "[.profile]") {
    torch::set_num_threads(1);
    SequenceData data;
    data.item_ids.resize(12068);
    for (int64_t i = 0; i < 12068; ++i) data.item_ids[i] = i + 1;
    std::mt19937_64 rng(1);
    for (int64_t u = 0; u < 22363; ++u) {
        data.users.push_back(u);
        data.offsets.push_back(data.items.size());
        const int64_t len = 3 + rng() % 9;
        for (int64_t k = 0; k < len; ++k) { data.items.push_back(1 + rng() % 12068); data.times.push_back(k); }
    }
    data.offsets.push_back(data.items.size());
    for (const char* loss_name : {"ce", "sampled_softmax", "bce"}) {
    const LossKind kind = loss_kind(loss_name);
    TrainingBatches batches(data, 50, 128, negatives_for(kind), 256);
    EncoderShape shape; shape.items = 12069; shape.types = 1; shape.dim = 64; shape.max_len = 50; shape.dropout = 0.2;
    std::vector<std::pair<std::string, std::shared_ptr<SequenceEncoder>>> encoders = {
        {"gru4rec", std::make_shared<Gru4RecEncoder>(shape, Gru4RecOptions{})},
        {"caser", std::make_shared<CaserEncoder>(shape, CaserOptions{})},
        {"sasrec", std::make_shared<SasrecEncoder>(shape, SasrecOptions{})}};
    for (auto& [name, enc] : encoders) {
        torch::optim::Adam opt(enc->parameters(), 1e-3);
        batches.start_epoch(1);
        double t_batch = 0, t_fwd = 0, t_loss = 0, t_bwd = 0, t_opt = 0;
        const int n = 20;
        for (int b = 0; b < n; ++b) {
            double t0 = now();
            TrainingBatch batch = batches.batch(b);
            double t1 = now();
            opt.zero_grad();
            auto h = enc->encode(batch.sequences);
            double t2 = now();
            auto loss = sequence_loss(h, enc->item_embeddings(), batch, LossSettings{kind, 256, 1.0});
            loss.item<double>();
            double t3 = now();
            loss.backward();
            double t4 = now();
            opt.step();
            double t5 = now();
            t_batch += t1 - t0; t_fwd += t2 - t1; t_loss += t3 - t2; t_bwd += t4 - t3; t_opt += t5 - t4;
        }
        std::cout << loss_name << " " << name << " ms/batch: build " << 1000 * t_batch / n << " encode " << 1000 * t_fwd / n
                  << " loss " << 1000 * t_loss / n << " backward " << 1000 * t_bwd / n << " adam " << 1000 * t_opt / n
                  << std::endl;
    }
    }
}
