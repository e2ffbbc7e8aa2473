// The shared training loop: learning, early stopping with the best weights restored, seeding,
// schedules, cancellation, divergence; module bytes; device resolution.
#include <catch2/catch.hpp>

#include <torch/cuda.h>
#include <torch/nn/modules/linear.h>
#include <torch/types.h>

#include <atomic>
#include <limits>

#include "persona/error.h"
#include "persona/kernel/params.h"
#include "persona/kernel/registry.h"
#include "persona/kernel/step_context.h"
#include "persona/torch/cpu_runtime.h"
#include "persona/torch/device.h"
#include "persona/torch/module_bytes.h"
#include "persona/torch/training.h"

using namespace persona;
using namespace persona::torch_helper;

namespace {

// Fits y = 3x - 1 with a linear layer; validate() returns the negative loss, or a scripted sequence.
struct LineTask : TrainingTask {
    torch::nn::Linear line{1, 1};
    torch::Tensor x = torch::linspace(-1, 1, 64).unsqueeze(1);
    torch::Tensor y = 3 * x - 1;
    std::vector<double> script;  // validation values by call, when set
    size_t calls = 0;
    std::vector<torch::Tensor> weights_at_validation;
    double scale = 1.0;
    bool wrong_mode = false;  // a batch ran in eval mode, or validation in train mode
    std::vector<bool> malloc_allocator;  // per batch: whether new CPU tensors came from malloc

    torch::nn::Module& module() override { return *line; }
    int64_t start_epoch(int64_t, uint64_t) override { return 4; }
    torch::Tensor batch_loss(int64_t index) override {
        wrong_mode = wrong_mode || !line->is_training();
        malloc_allocator.push_back(uses_malloc_tensor_allocator());
        auto xs = x.narrow(0, index * 16, 16), ys = y.narrow(0, index * 16, 16);
        return torch::mse_loss(line(xs), ys) * scale;
    }
    double validate() override {
        wrong_mode = wrong_mode || line->is_training() || torch::GradMode::is_enabled();
        weights_at_validation.push_back(line->weight.detach().clone());
        if (!script.empty()) return script.at(calls++);
        return -torch::mse_loss(line(x), y).item<double>();
    }
};

kernel::PluginRegistry& empty_registry() {
    static kernel::PluginRegistry registry;
    return registry;
}

kernel::StepContext context(uint64_t seed = 7) { return kernel::StepContext(empty_registry(), "fit", "cpu", seed, 1); }

TrainConfig config(int64_t epochs) {
    TrainConfig c;
    c.epochs = epochs;
    c.lr = 0.05;
    c.patience = 0;
    return c;
}

}  // namespace

TEST_CASE("the loop drives a small model to a low loss and notes the curve") {
    LineTask task;
    auto ctx = context();
    std::vector<std::string> progress;
    ctx.set_progress([&](const std::string&, double, const std::string& note) { progress.push_back(note); });
    auto result = train(task, config(60), ctx);
    CHECK_FALSE(task.wrong_mode);
    CHECK_FALSE(task.line->is_training());
    REQUIRE_FALSE(progress.empty());
    CHECK_THAT(progress.front(), Catch::StartsWith("epoch 1/60 loss ") && Catch::Contains("ex/s eta"));
    CHECK(result.curve.size() == 60);
    CHECK(result.curve.back().loss < 0.01);
    CHECK(result.curve.front().loss > result.curve.back().loss);
    CHECK(task.line->weight.item<float>() == Approx(3.0).margin(0.1));
    const auto& note = ctx.notes().at("training");
    CHECK(note.at("curve").size() == 60);
    CHECK(note.at("best_epoch").get<int64_t>() == result.best_epoch);
    auto table = curve_table(result, "valid");
    CHECK(table.rows() == 60);
    CHECK(table.has("epoch"));
    CHECK(table.has("valid"));
}

TEST_CASE("the loop trains with the allocator its config names and restores the previous one") {
    for (const std::string allocator : {"malloc", "libtorch"}) {
        LineTask task;
        auto ctx = context();
        auto c = config(3);
        c.allocator = allocator;
        train(task, c, ctx);
        REQUIRE(task.malloc_allocator.size() == 12);
        for (bool used : task.malloc_allocator) CHECK(used == (allocator == "malloc"));
        CHECK_FALSE(uses_malloc_tensor_allocator());
    }
}

TEST_CASE("adamw with clipping, warm-up and a cosine schedule also converges") {
    LineTask task;
    auto ctx = context();
    auto c = config(60);
    c.optimizer = "adamw";
    c.weight_decay = 1e-4;
    c.clip = 1.0;
    c.warmup = 20;
    c.schedule = "cosine";
    auto result = train(task, c, ctx);
    CHECK(result.curve.back().loss < 0.05);
    CHECK(result.curve.back().lr == Approx(0.0).margin(1e-3));  // cosine ends near 0
    CHECK(result.curve.front().lr == Approx(0.05 * 4 / 20));    // still warming up after epoch 1's 4 steps
}

TEST_CASE("training params: declared with ranges, read back, bad values refused") {
    OperatorSpec spec;
    spec.name = "model.test";
    declare_training_params(spec);
    auto c = training_config(Params(kernel::resolve_params(
        spec, Json{{"epochs", 7}, {"optimizer", "adamw"}, {"schedule", "step"}, {"lr", 0.01}})));
    CHECK(c.epochs == 7);
    CHECK(c.optimizer == "adamw");
    CHECK(c.schedule == "step");
    CHECK(c.lr == Approx(0.01));
    CHECK(c.batch_size == TrainConfig{}.batch_size);
    CHECK(c.allocator == "malloc");
    CHECK(training_config(Params(kernel::resolve_params(spec, Json{{"allocator", "libtorch"}}))).allocator == "libtorch");
    CHECK_THROWS_AS(kernel::resolve_params(spec, Json{{"optimizer", "sgd"}}), kernel::ParamError);
    CHECK_THROWS_AS(kernel::resolve_params(spec, Json{{"allocator", "jemalloc"}}), kernel::ParamError);
    CHECK_THROWS_AS(kernel::resolve_params(spec, Json{{"epochs", 0}}), kernel::ParamError);
    CHECK_THROWS_AS(kernel::resolve_params(spec, Json{{"gamma", 2.0}}), kernel::ParamError);
}

TEST_CASE("early stopping restores the weights of the best validation") {
    LineTask task;
    task.script = {0.1, 0.5, 0.3, 0.2, 0.4, 0.45, 0.49, 0.9};
    auto ctx = context();
    auto c = config(8);
    c.patience = 3;
    auto result = train(task, c, ctx);
    CHECK(result.best_epoch == 2);
    CHECK(result.stopped_early);
    CHECK(result.curve.size() == 5);  // epochs 3, 4, 5 did not improve
    CHECK(torch::equal(task.line->weight, task.weights_at_validation.at(1)));
}

TEST_CASE("the same seed gives identical weights, another seed different ones") {
    auto weights = [](uint64_t seed) {
        torch::manual_seed(seed);  // initial weights drawn after seeding, as a model step does
        LineTask task;
        auto ctx = context(seed);
        train(task, config(3), ctx);
        return task.line->weight.detach().clone();
    };
    CHECK(torch::equal(weights(5), weights(5)));
    CHECK_FALSE(torch::equal(weights(5), weights(6)));
}

TEST_CASE("warm-up, cosine and step learning-rate schedules") {
    TrainConfig c;
    c.lr = 1.0;
    c.warmup = 10;
    c.schedule = "cosine";
    CHECK(learning_rate(c, 0, 1, 110) == Approx(0.1));
    CHECK(learning_rate(c, 9, 1, 110) == Approx(1.0));
    CHECK(learning_rate(c, 10, 1, 110) == Approx(1.0));
    CHECK(learning_rate(c, 60, 5, 110) == Approx(0.5));
    CHECK(learning_rate(c, 110, 11, 110) == Approx(0.0).margin(1e-12));
    c.warmup = 0;
    c.schedule = "step";
    c.step_epochs = 2;
    c.gamma = 0.5;
    CHECK(learning_rate(c, 0, 1, 100) == Approx(1.0));
    CHECK(learning_rate(c, 0, 3, 100) == Approx(0.5));
    CHECK(learning_rate(c, 0, 5, 100) == Approx(0.25));
}

TEST_CASE("cancellation stops the loop and a non-finite loss is an error naming the epoch") {
    LineTask task;
    auto ctx = context();
    std::atomic<bool> stop{true};
    ctx.add_cancel_flag(&stop);
    CHECK_THROWS_WITH(train(task, config(5), ctx), Catch::Contains("cancelled"));

    LineTask bad;
    bad.scale = std::numeric_limits<double>::quiet_NaN();
    auto ctx2 = context();
    CHECK_THROWS_WITH(train(bad, config(5), ctx2), Catch::Contains("epoch 1, batch 1"));
}

TEST_CASE("module bytes round-trip, and a shape mismatch is refused") {
    torch::nn::Linear a(4, 3), b(4, 3), wrong(5, 3);
    load_module(*b, save_module(*a));
    CHECK(torch::equal(a->weight, b->weight));
    CHECK(torch::equal(a->bias, b->bias));
    CHECK_THROWS_WITH(load_module(*wrong, save_module(*a)), Catch::Contains("weight"));
    CHECK_THROWS_AS(load_module(*b, std::vector<uint8_t>{1, 2, 3}), Error);
}

TEST_CASE("device: cpu and auto work here; cuda is refused clearly on a CUDA-less build") {
    CHECK(resolve_device("cpu", "s").is_cpu());
    if (!torch::cuda::is_available()) {
        CHECK(resolve_device("auto", "s").is_cpu());
        CHECK_THROWS_WITH(resolve_device("cuda", "sasrec"),
                          Catch::Contains("step sasrec") && Catch::Contains("no CUDA support"));
    }
    CHECK_THROWS_WITH(resolve_device("tpu", "s"), Catch::Contains("expected auto, cpu or cuda"));
}
