// The shared training loop: optimizer, clipping, warm-up and schedules, early stopping on a
// validation metric with the best weights restored, seeding, progress, cancellation and curves.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <torch/nn/module.h>
#include <torch/types.h>

#include "persona/artifact.h"
#include "persona/operator.h"

namespace persona {
class Context;
}

namespace persona::torch_helper {

// Training settings, read from a step's params (see declare_training_params).
struct TrainConfig {
    int64_t epochs = 50;          // most epochs
    int64_t batch_size = 128;
    std::string optimizer = "adam";  // adam | adamw
    double lr = 1e-3;
    double weight_decay = 0.0;
    double clip = 0.0;            // max global gradient norm; 0 = no clipping
    int64_t warmup = 0;           // linear warm-up over this many optimizer steps
    std::string schedule = "constant";  // constant | cosine | step
    int64_t step_epochs = 10;     // schedule step: multiply the lr by gamma every step_epochs epochs
    double gamma = 0.5;
    int64_t patience = 10;        // stop after this many evaluations without improvement; 0 = never
    int64_t eval_every = 1;       // validate every this many epochs
    int64_t threads = 1;          // intra-op threads while training (capped by the step's); 0 = the step's
    std::string allocator = "malloc";  // CPU tensor memory: malloc | libtorch (see ScopedTensorAllocator)
};

// Declares the training params on an operator spec, with the given defaults.
void declare_training_params(OperatorSpec& spec, const TrainConfig& defaults = TrainConfig{});
// Reads the params declared by declare_training_params.
TrainConfig training_config(const Params& params);

// What a model supplies to the loop.
class TrainingTask {
public:
    virtual ~TrainingTask() = default;
    // The module whose parameters are trained and whose state is checkpointed.
    virtual torch::nn::Module& module() = 0;
    // Starts an epoch (shuffle with the given generator seed); returns the number of batches.
    virtual int64_t start_epoch(int64_t epoch, uint64_t seed) = 0;
    // Forward pass of batch `index` of the current epoch in training mode: the scalar loss.
    virtual torch::Tensor batch_loss(int64_t index) = 0;
    // Examples in batch `index` (for throughput); defaults to 1.
    virtual int64_t batch_examples(int64_t index) { return 1; }
    // The validation metric in evaluation mode, higher is better (e.g. NDCG@10 on valid targets).
    virtual double validate() = 0;
    // The validation metric's name for curves and notes (e.g. "valid_ndcg@10").
    virtual std::string metric_name() const { return "valid"; }
    // Called after each optimizer step (e.g. to re-normalize or zero the padding row).
    virtual void after_step() {}
};

// One evaluated epoch.
struct EpochRecord {
    int64_t epoch = 0;        // 1-based
    double loss = 0;          // mean batch loss
    double metric = 0;        // validation metric (NaN when not validated this epoch)
    double lr = 0;            // learning rate at the end of the epoch
    double seconds = 0;       // wall time since training started
};

// What train() did.
struct TrainResult {
    std::vector<EpochRecord> curve;
    int64_t best_epoch = 0;
    double best_metric = 0;
    double seconds = 0;          // total training wall time
    double seconds_to_best = 0;  // wall time until the best epoch finished
    bool stopped_early = false;
};

// The learning rate at optimizer step `step` (0-based) of epoch `epoch` (1-based) of total_steps.
double learning_rate(const TrainConfig& config, int64_t step, int64_t epoch, int64_t total_steps);

// Runs the loop on the task: seeds from ctx.seed(), reports progress (loss, examples/s, ETA),
// honours cancellation, restores the best checkpoint, and notes "training" in the run record.
TrainResult train(TrainingTask& task, const TrainConfig& config, Context& ctx);

// The curve as a table (epoch, loss, <metric name>, lr), for a model's `curve` output; timings stay
// in the "training" note so that the table is the same on every run.
Table curve_table(const TrainResult& result, const std::string& metric_name);

// The training facts a Model's metadata keeps: metric, best_epoch, best_metric, epochs_run,
// stopped_early (no timings, so the same run gives the same artifact).
Json training_summary(const TrainResult& result, const std::string& metric_name);

}  // namespace persona::torch_helper
