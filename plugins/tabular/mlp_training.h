// Training the MLP with the shared loop: mini-batches, loss, class weights and the validation metric.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <torch/types.h>

#include "mlp_network.h"
#include "persona/torch/training.h"

namespace persona::tabular {

// One table's standardized inputs and encoded targets, as tensors on the training device.
struct TensorData {
    torch::Tensor x;  // [rows, inputs] float32
    torch::Tensor y;  // [rows] int64 class index (classification) or float32 standardized value (regression)
    int64_t rows() const { return x.defined() ? x.size(0) : 0; }
};

// The validation metric (reported so that higher is better). Objective: minus the training
// objective (the training loss on the train rows plus weight_decay / 2 x the squared norm of all
// weights), so that the kept weights are the regularized optimum rather than an earlier epoch.
enum class Metric { Accuracy, LogLoss, Rmse, Objective };

// "accuracy", "neg_logloss" or "neg_rmse" prefixed with "valid_" or "train_"; "train_neg_objective".
std::string metric_name(Metric metric, bool on_valid);

// The metric on `data` in evaluation mode: accuracy, -mean log loss, or -RMSE in target units
// (standardized error times `target_scale`). Not for Objective (MlpTrainingTask computes it).
double evaluate(MlpNetworkImpl& network, const TensorData& data, Metric metric, double target_scale);

// Per-class weights n / (classes * n_c) (0 for a class absent from `labels`).
torch::Tensor balanced_class_weights(const std::vector<int64_t>& labels, int64_t classes);

// The MLP as a TrainingTask: shuffled mini-batches of `train`, the metric measured on `check`
// (the valid table, or train when there is none).
class MlpTrainingTask : public torch_helper::TrainingTask {
public:
    // `regression`: mean squared error, else cross-entropy (weighted by `class_weights` when defined);
    // `weight_decay`: the L2 coefficient of the Objective metric.
    MlpTrainingTask(MlpNetwork network, TensorData train, TensorData check, bool check_is_valid, Metric metric,
                    bool regression, double target_scale, torch::Tensor class_weights, int64_t batch_size,
                    double weight_decay);

    torch::nn::Module& module() override { return *network_; }
    int64_t start_epoch(int64_t epoch, uint64_t seed) override;
    torch::Tensor batch_loss(int64_t index) override;
    int64_t batch_examples(int64_t index) override;
    double validate() override;
    std::string metric_name() const override;

private:
    torch::Tensor loss(const torch::Tensor& output, const torch::Tensor& target) const;
    double negative_objective();  // -(loss on train + weight_decay / 2 x sum of squared weights)

    MlpNetwork network_;
    TensorData train_, check_;
    bool check_is_valid_;
    Metric metric_;
    bool regression_;
    double target_scale_;
    double weight_decay_;
    torch::Tensor class_weights_;  // undefined = unweighted
    int64_t batch_size_;
    torch::Tensor order_;          // this epoch's row order (int64, on the training device)
};

}  // namespace persona::tabular
