// The shared training loop.
#include "persona/torch/training.h"

#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <sstream>

#include "persona/context.h"
#include "persona/error.h"
#include "persona/torch/cpu_runtime.h"
#include "persona/torch/device.h"

namespace persona::torch_helper {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// "1m20s" / "12s".
std::string duration_text(double seconds) {
    const auto s = static_cast<int64_t>(std::llround(std::max(0.0, seconds)));
    if (s >= 60) return std::to_string(s / 60) + "m" + std::to_string(s % 60) + "s";
    return std::to_string(s) + "s";
}

// The value with `digits` decimals.
std::string fixed(double value, int digits) {
    std::ostringstream out;
    out.setf(std::ios::fixed);
    out.precision(digits);
    out << value;
    return out.str();
}

// A deep copy of a module's named parameters and buffers.
std::vector<torch::Tensor> snapshot(torch::nn::Module& module) {
    std::vector<torch::Tensor> state;
    for (auto& p : module.parameters()) state.push_back(p.detach().clone());
    for (auto& b : module.buffers()) state.push_back(b.detach().clone());
    return state;
}

// Copies a snapshot back into the module's parameters and buffers.
void restore(torch::nn::Module& module, const std::vector<torch::Tensor>& state) {
    torch::NoGradGuard no_grad;
    size_t i = 0;
    for (auto& p : module.parameters()) p.copy_(state[i++]);
    for (auto& b : module.buffers()) b.copy_(state[i++]);
}

// Adam or AdamW over the module's parameters.
std::unique_ptr<torch::optim::Optimizer> make_optimizer(torch::nn::Module& module, const TrainConfig& config) {
    if (config.optimizer == "adamw")
        return std::make_unique<torch::optim::AdamW>(
            module.parameters(), torch::optim::AdamWOptions(config.lr).weight_decay(config.weight_decay));
    return std::make_unique<torch::optim::Adam>(
        module.parameters(), torch::optim::AdamOptions(config.lr).weight_decay(config.weight_decay));
}

// Runs BLAS single-threaded for its lifetime (small matrices: LibTorch's own threads do better alone),
// restoring the previous count however the loop ends.
class SingleThreadedBlas {
public:
    SingleThreadedBlas() : previous_(set_blas_threads(1)) {}
    ~SingleThreadedBlas() { set_blas_threads(previous_); }
    SingleThreadedBlas(const SingleThreadedBlas&) = delete;
    SingleThreadedBlas& operator=(const SingleThreadedBlas&) = delete;

private:
    int previous_;
};

// Sets every parameter group's learning rate.
void set_lr(torch::optim::Optimizer& optimizer, double lr) {
    for (auto& group : optimizer.param_groups()) group.options().set_lr(lr);
}

}  // namespace

double learning_rate(const TrainConfig& config, int64_t step, int64_t epoch, int64_t total_steps) {
    if (config.warmup > 0 && step < config.warmup)
        return config.lr * static_cast<double>(step + 1) / static_cast<double>(config.warmup);
    if (config.schedule == "cosine") {
        const double span = static_cast<double>(std::max<int64_t>(1, total_steps - config.warmup));
        const double done = std::min(1.0, static_cast<double>(step - config.warmup) / span);
        return config.lr * 0.5 * (1.0 + std::cos(M_PI * done));
    }
    if (config.schedule == "step")
        return config.lr * std::pow(config.gamma, static_cast<double>((epoch - 1) / std::max<int64_t>(1, config.step_epochs)));
    return config.lr;
}

void declare_training_params(OperatorSpec& spec, const TrainConfig& d) {
    spec.param("epochs", ParamType::Int, d.epochs, "most training epochs").range(1, 100000);
    spec.param("batch_size", ParamType::Int, d.batch_size, "examples per optimizer step").range(1, 1000000);
    spec.param("optimizer", ParamType::String, d.optimizer, "adam, or adamw (decoupled weight decay)")
        .one_of({"adam", "adamw"});
    spec.param("lr", ParamType::Float, d.lr, "peak learning rate").range(1e-8, 10);
    spec.param("weight_decay", ParamType::Float, d.weight_decay, "L2 (adam) or decoupled (adamw) weight decay")
        .at_least(0);
    spec.param("clip", ParamType::Float, d.clip, "max global gradient norm; 0 = no clipping").at_least(0);
    spec.param("warmup", ParamType::Int, d.warmup, "optimizer steps of linear learning-rate warm-up").at_least(0);
    spec.param("schedule", ParamType::String, d.schedule,
               "after warm-up: constant, cosine (to 0 at the last epoch) or step (x gamma every step_epochs)")
        .one_of({"constant", "cosine", "step"});
    spec.param("step_epochs", ParamType::Int, d.step_epochs, "schedule step: epochs between decays").at_least(1);
    spec.param("gamma", ParamType::Float, d.gamma, "schedule step: decay factor").range(0, 1);
    spec.param("patience", ParamType::Int, d.patience,
               "stop after this many validations without improvement (0 = never stop early)").at_least(0);
    spec.param("eval_every", ParamType::Int, d.eval_every, "validate every this many epochs").at_least(1);
    spec.param("threads", ParamType::Int, d.threads,
               "intra-op threads while training, capped by the step's (0 = the step's). 1 is the default: on "
               "small batches OpenMP threads spin-wait, and on a busy machine 2 threads ran 30x slower than 1")
        .at_least(0);
    spec.param("allocator", ParamType::String, d.allocator,
               "CPU tensor memory while training: malloc (64-byte aligned by hand) or libtorch (its own "
               "posix_memalign, which Debian 12's glibc 2.36 hardly reuses: batches of varying shapes then grow the "
               "heap without bound)")
        .one_of({"malloc", "libtorch"});
}

TrainConfig training_config(const Params& p) {
    TrainConfig c;
    c.epochs = p.integer("epochs");
    c.batch_size = p.integer("batch_size");
    c.optimizer = p.text("optimizer");
    c.lr = p.number("lr");
    c.weight_decay = p.number("weight_decay");
    c.clip = p.number("clip");
    c.warmup = p.integer("warmup");
    c.schedule = p.text("schedule");
    c.step_epochs = p.integer("step_epochs");
    c.gamma = p.number("gamma");
    c.patience = p.integer("patience");
    c.eval_every = p.integer("eval_every");
    c.threads = p.integer("threads");
    c.allocator = p.text("allocator");
    return c;
}

namespace {

// Progress lines ("epoch 3/50 loss 0.4120 12.3k ex/s eta 1m20s"), at most about three a second.
class ProgressReporter {
public:
    ProgressReporter(Context& ctx, int64_t epochs) : ctx_(ctx), epochs_(epochs), start_(Clock::now()) {}

    void batch_done(int64_t epoch, double fraction, double mean_loss, double examples_per_second) {
        const auto now = Clock::now();
        if (now - last_ < std::chrono::milliseconds(300)) return;
        last_ = now;
        const double elapsed = since(start_);
        ctx_.progress(fraction, "epoch " + std::to_string(epoch) + "/" + std::to_string(epochs_) + " loss " +
                                    fixed(mean_loss, 4) + " " + fixed(examples_per_second / 1000, 1) + "k ex/s eta " +
                                    duration_text(elapsed / std::max(1e-9, fraction) - elapsed));
    }

private:
    Context& ctx_;
    int64_t epochs_;
    Clock::time_point start_, last_{};
};

// Where the loop stands across epochs.
struct LoopState {
    int64_t step = 0;         // optimizer steps taken
    int64_t total_steps = 0;  // planned optimizer steps (first epoch's batches x epochs)
};

// One epoch of optimizer steps in training mode; returns the mean batch loss.
double run_epoch(TrainingTask& task, torch::optim::Optimizer& optimizer, const TrainConfig& config, Context& ctx,
                 int64_t epoch, LoopState& state, ProgressReporter& progress) {
    torch::nn::Module& module = task.module();
    module.train();
    const int64_t batches = task.start_epoch(epoch, ctx.seed() * 1000003ULL + static_cast<uint64_t>(epoch));
    if (state.total_steps == 0) state.total_steps = batches * config.epochs;
    double loss_sum = 0;
    int64_t examples = 0;
    const auto start = Clock::now();
    for (int64_t b = 0; b < batches; ++b) {
        ctx.check_cancelled();
        set_lr(optimizer, learning_rate(config, state.step, epoch, state.total_steps));
        optimizer.zero_grad();
        torch::Tensor loss = task.batch_loss(b);
        const double value = loss.item<double>();
        if (!std::isfinite(value))
            throw Error("training diverged: the loss is " + std::to_string(value) + " at epoch " +
                        std::to_string(epoch) + ", batch " + std::to_string(b + 1) +
                        " (try a lower lr or gradient clipping)");
        loss.backward();
        if (config.clip > 0) torch::nn::utils::clip_grad_norm_(module.parameters(), config.clip);
        optimizer.step();
        task.after_step();
        ++state.step;
        loss_sum += value;
        examples += task.batch_examples(b);
        const double done = static_cast<double>((epoch - 1) * batches + b + 1) /
                            static_cast<double>(std::max<int64_t>(1, state.total_steps));
        progress.batch_done(epoch, std::min(1.0, done), loss_sum / static_cast<double>(b + 1),
                            static_cast<double>(examples) / std::max(1e-9, since(start)));
    }
    return batches > 0 ? loss_sum / static_cast<double>(batches) : 0;
}

// The validation metric in evaluation mode without gradients.
double validate(TrainingTask& task) {
    task.module().eval();
    torch::NoGradGuard no_grad;
    return task.validate();
}

// The "training" note of the run record.
Json training_note(const TrainResult& result, const std::string& metric_name) {
    Json curve = Json::array();
    for (const auto& e : result.curve)
        curve.push_back(Json{{"epoch", e.epoch}, {"loss", e.loss},
                             {"metric", std::isnan(e.metric) ? Json(nullptr) : Json(e.metric)},
                             {"lr", e.lr}, {"seconds", e.seconds}});
    return Json{{"metric", metric_name}, {"best_epoch", result.best_epoch}, {"best_metric", result.best_metric},
                {"epochs_run", result.curve.size()}, {"stopped_early", result.stopped_early},
                {"seconds", result.seconds}, {"seconds_to_best", result.seconds_to_best}, {"curve", curve}};
}

}  // namespace

TrainResult train(TrainingTask& task, const TrainConfig& config, Context& ctx) {
    SingleThreadedBlas blas;
    ScopedTensorAllocator allocator(config.allocator == "malloc" ? TensorAllocator::malloc : TensorAllocator::libtorch);
    use_threads(config.threads > 0 ? std::min<int>(static_cast<int>(config.threads), ctx.threads()) : ctx.threads());
    seed_torch(ctx.seed());
    torch::nn::Module& module = task.module();
    auto optimizer = make_optimizer(module, config);
    const std::string metric_name = task.metric_name();

    TrainResult result;
    result.best_metric = -std::numeric_limits<double>::infinity();
    std::vector<torch::Tensor> best_state;
    LoopState state;
    ProgressReporter progress(ctx, config.epochs);
    int64_t since_best = 0;
    const auto start = Clock::now();
    for (int64_t epoch = 1; epoch <= config.epochs; ++epoch) {
        EpochRecord record;
        record.epoch = epoch;
        record.loss = run_epoch(task, *optimizer, config, ctx, epoch, state, progress);
        record.lr = learning_rate(config, std::max<int64_t>(0, state.step - 1), epoch, state.total_steps);
        record.metric = std::numeric_limits<double>::quiet_NaN();
        const bool last = epoch == config.epochs;
        if (epoch % config.eval_every == 0 || last) {
            record.metric = validate(task);
            if (record.metric > result.best_metric) {
                result.best_metric = record.metric;
                result.best_epoch = epoch;
                result.seconds_to_best = since(start);
                best_state = snapshot(module);
                since_best = 0;
            } else {
                ++since_best;
            }
            ctx.info("epoch " + std::to_string(epoch) + " loss " + fixed(record.loss, 4) + " " + metric_name + " " +
                     fixed(record.metric, 4) + " (" + fixed(since(start), 1) + " s)");
        }
        record.seconds = since(start);
        result.curve.push_back(record);
        if (config.patience > 0 && since_best >= config.patience && !last) {
            result.stopped_early = true;
            break;
        }
    }
    if (!best_state.empty()) restore(module, best_state);
    module.eval();
    result.seconds = since(start);
    ctx.note("training", training_note(result, metric_name));
    return result;
}

Table curve_table(const TrainResult& result, const std::string& metric_name) {
    std::vector<int64_t> epoch;
    std::vector<double> loss, metric, lr;
    for (const auto& e : result.curve) {
        epoch.push_back(e.epoch);
        loss.push_back(e.loss);
        metric.push_back(e.metric);
        lr.push_back(e.lr);
    }
    Table table;
    table.add_int64("epoch", std::move(epoch));
    table.add_float64("loss", std::move(loss));
    table.add_float64(metric_name, std::move(metric));
    table.add_float64("lr", std::move(lr));
    return table;
}

Json training_summary(const TrainResult& result, const std::string& metric_name) {
    return Json{{"metric", metric_name},
                {"best_epoch", result.best_epoch},
                {"best_metric", result.best_metric},
                {"epochs_run", result.curve.size()},
                {"stopped_early", result.stopped_early}};
}

}  // namespace persona::torch_helper
