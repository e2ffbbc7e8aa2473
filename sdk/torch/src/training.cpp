// The shared training loop.
#include "persona/torch/training.h"

#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>

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

void restore(torch::nn::Module& module, const std::vector<torch::Tensor>& state) {
    torch::NoGradGuard no_grad;
    size_t i = 0;
    for (auto& p : module.parameters()) p.copy_(state[i++]);
    for (auto& b : module.buffers()) b.copy_(state[i++]);
}

std::unique_ptr<torch::optim::Optimizer> make_optimizer(torch::nn::Module& module, const TrainConfig& config) {
    if (config.optimizer == "adamw")
        return std::make_unique<torch::optim::AdamW>(
            module.parameters(), torch::optim::AdamWOptions(config.lr).weight_decay(config.weight_decay));
    return std::make_unique<torch::optim::Adam>(
        module.parameters(), torch::optim::AdamOptions(config.lr).weight_decay(config.weight_decay));
}

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
    return c;
}

TrainResult train(TrainingTask& task, const TrainConfig& config, Context& ctx) {
    keep_tensor_memory();
    const int previous_blas = set_blas_threads(1);  // small matrices: LibTorch's threads do better alone
    use_threads(ctx.threads());
    seed_torch(ctx.seed());
    torch::nn::Module& module = task.module();
    auto optimizer = make_optimizer(module, config);
    const std::string metric_name = task.metric_name();

    TrainResult result;
    result.best_metric = -std::numeric_limits<double>::infinity();
    std::vector<torch::Tensor> best_state;
    int64_t step = 0, total_steps = 0, since_best = 0;
    const auto start = Clock::now();
    auto last_report = start - std::chrono::seconds(1);

    for (int64_t epoch = 1; epoch <= config.epochs; ++epoch) {
        module.train();
        const int64_t batches = task.start_epoch(epoch, ctx.seed() * 1000003ULL + static_cast<uint64_t>(epoch));
        if (total_steps == 0) total_steps = batches * config.epochs;
        double loss_sum = 0;
        int64_t examples = 0;
        const auto epoch_start = Clock::now();
        for (int64_t b = 0; b < batches; ++b) {
            ctx.check_cancelled();
            set_lr(*optimizer, learning_rate(config, step, epoch, total_steps));
            optimizer->zero_grad();
            torch::Tensor loss = task.batch_loss(b);
            const double value = loss.item<double>();
            if (!std::isfinite(value))
                throw Error("training diverged: the loss is " + std::to_string(value) + " at epoch " +
                            std::to_string(epoch) + ", batch " + std::to_string(b + 1) +
                            " (try a lower lr or gradient clipping)");
            loss.backward();
            if (config.clip > 0) torch::nn::utils::clip_grad_norm_(module.parameters(), config.clip);
            optimizer->step();
            task.after_step();
            ++step;
            loss_sum += value;
            examples += task.batch_examples(b);
            if (Clock::now() - last_report > std::chrono::milliseconds(300)) {
                last_report = Clock::now();
                const double done = static_cast<double>((epoch - 1) * batches + b + 1) /
                                    static_cast<double>(std::max<int64_t>(1, total_steps));
                const double elapsed = since(start);
                ctx.progress(done, "epoch " + std::to_string(epoch) + "/" + std::to_string(config.epochs) + " loss " +
                                       fixed(loss_sum / static_cast<double>(b + 1), 4) + " " +
                                       fixed(static_cast<double>(examples) / std::max(1e-9, since(epoch_start)) / 1000, 1) +
                                       "k ex/s eta " + duration_text(elapsed / done - elapsed));
            }
        }
        EpochRecord record;
        record.epoch = epoch;
        record.loss = batches > 0 ? loss_sum / static_cast<double>(batches) : 0;
        record.lr = learning_rate(config, std::max<int64_t>(0, step - 1), epoch, total_steps);
        record.metric = std::numeric_limits<double>::quiet_NaN();
        const bool last = epoch == config.epochs;
        if (epoch % config.eval_every == 0 || last) {
            module.eval();
            {
                torch::NoGradGuard no_grad;
                record.metric = task.validate();
            }
            if (record.metric > result.best_metric) {
                result.best_metric = record.metric;
                result.best_epoch = epoch;
                best_state = snapshot(module);
                since_best = 0;
                result.seconds_to_best = since(start);
            } else {
                ++since_best;
            }
        }
        record.seconds = since(start);
        result.curve.push_back(record);
        if (!std::isnan(record.metric))
            ctx.info("epoch " + std::to_string(epoch) + " loss " + fixed(record.loss, 4) + " " + metric_name + " " +
                     fixed(record.metric, 4) + " (" + fixed(record.seconds, 1) + " s)");
        if (config.patience > 0 && since_best >= config.patience && !last) {
            result.stopped_early = true;
            break;
        }
    }
    if (!best_state.empty()) restore(module, best_state);
    module.eval();
    result.seconds = since(start);
    set_blas_threads(previous_blas);

    Json curve = Json::array();
    for (const auto& e : result.curve)
        curve.push_back(Json{{"epoch", e.epoch}, {"loss", e.loss},
                             {"metric", std::isnan(e.metric) ? Json(nullptr) : Json(e.metric)},
                             {"lr", e.lr}, {"seconds", e.seconds}});
    ctx.note("training", Json{{"metric", metric_name}, {"best_epoch", result.best_epoch},
                              {"best_metric", result.best_metric}, {"epochs_run", result.curve.size()},
                              {"stopped_early", result.stopped_early}, {"seconds", result.seconds},
                              {"seconds_to_best", result.seconds_to_best}, {"curve", curve}});
    return result;
}

Table curve_table(const TrainResult& result, const std::string& metric_name) {
    std::vector<int64_t> epoch;
    std::vector<double> loss, metric, lr, seconds;
    for (const auto& e : result.curve) {
        epoch.push_back(e.epoch);
        loss.push_back(e.loss);
        metric.push_back(e.metric);
        lr.push_back(e.lr);
        seconds.push_back(e.seconds);
    }
    Table table;
    table.add_int64("epoch", std::move(epoch));
    table.add_float64("loss", std::move(loss));
    table.add_float64(metric_name, std::move(metric));
    table.add_float64("lr", std::move(lr));
    table.add_float64("seconds", std::move(seconds));
    return table;
}

}  // namespace persona::torch_helper
