#include "mlp_training.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace persona::tabular {

namespace {

constexpr int64_t kEvalBatch = 8192;

// The network's raw outputs for every row of `x`, in evaluation mode, without gradients.
torch::Tensor outputs_of(MlpNetworkImpl& network, const torch::Tensor& x) {
    torch::NoGradGuard no_grad;
    network.eval();
    std::vector<torch::Tensor> parts;
    for (int64_t start = 0; start < x.size(0); start += kEvalBatch)
        parts.push_back(network.forward(x.slice(0, start, std::min(x.size(0), start + kEvalBatch))));
    return torch::cat(parts, 0);
}

}  // namespace

std::string metric_name(Metric metric, bool on_valid) {
    const std::string prefix = on_valid ? "valid_" : "train_";
    switch (metric) {
        case Metric::Accuracy: return prefix + "accuracy";
        case Metric::LogLoss: return prefix + "neg_logloss";
        case Metric::Rmse: return prefix + "neg_rmse";
        case Metric::Objective: return "train_neg_objective";
    }
    return prefix + "metric";
}

double evaluate(MlpNetworkImpl& network, const TensorData& data, Metric metric, double target_scale) {
    if (data.rows() == 0) return 0.0;
    const auto out = outputs_of(network, data.x);
    switch (metric) {
        case Metric::Accuracy:
            return out.argmax(1).eq(data.y).to(torch::kFloat64).mean().item<double>();
        case Metric::LogLoss:
            return -torch::nn::functional::cross_entropy(out, data.y).item<double>();
        case Metric::Rmse:
            return -std::sqrt(torch::mse_loss(out.squeeze(1), data.y).item<double>()) * target_scale;
        case Metric::Objective: break;
    }
    return 0.0;
}

torch::Tensor balanced_class_weights(const std::vector<int64_t>& labels, int64_t classes) {
    std::vector<double> counts(classes, 0.0);
    for (int64_t label : labels) counts[label] += 1.0;
    std::vector<float> weights(classes, 0.0f);
    for (int64_t c = 0; c < classes; ++c)
        if (counts[c] > 0) weights[c] = static_cast<float>(labels.size() / (classes * counts[c]));
    return torch::tensor(weights, torch::kFloat32);
}

MlpTrainingTask::MlpTrainingTask(MlpNetwork network, TensorData train, TensorData check, bool check_is_valid,
                                 Metric metric, bool regression, double target_scale, torch::Tensor class_weights,
                                 int64_t batch_size, double weight_decay)
    : network_(std::move(network)),
      train_(std::move(train)),
      check_(std::move(check)),
      check_is_valid_(check_is_valid),
      metric_(metric),
      regression_(regression),
      target_scale_(target_scale),
      weight_decay_(weight_decay),
      class_weights_(std::move(class_weights)),
      batch_size_(std::max<int64_t>(1, batch_size)) {}

int64_t MlpTrainingTask::start_epoch(int64_t epoch, uint64_t seed) {
    std::vector<int64_t> order(train_.rows());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 generator(seed);
    std::shuffle(order.begin(), order.end(), generator);
    order_ = torch::tensor(order, torch::kInt64).to(train_.x.device());
    network_->train();
    return (train_.rows() + batch_size_ - 1) / batch_size_;
}

torch::Tensor MlpTrainingTask::batch_loss(int64_t index) {
    const int64_t start = index * batch_size_;
    const auto rows = order_.slice(0, start, std::min(train_.rows(), start + batch_size_));
    return loss(network_->forward(train_.x.index_select(0, rows)), train_.y.index_select(0, rows));
}

int64_t MlpTrainingTask::batch_examples(int64_t index) {
    return std::min(batch_size_, train_.rows() - index * batch_size_);
}

double MlpTrainingTask::negative_objective() {
    if (train_.rows() == 0) return 0.0;
    const auto out = outputs_of(*network_, train_.x);
    torch::NoGradGuard no_grad;
    double penalty = 0;
    for (const auto& p : network_->parameters()) penalty += p.pow(2).sum().item<double>();
    return -(loss(out, train_.y).item<double>() + 0.5 * weight_decay_ * penalty);
}

double MlpTrainingTask::validate() {
    const double value =
        metric_ == Metric::Objective ? negative_objective() : evaluate(*network_, check_, metric_, target_scale_);
    network_->train();
    return value;
}

std::string MlpTrainingTask::metric_name() const { return tabular::metric_name(metric_, check_is_valid_); }

torch::Tensor MlpTrainingTask::loss(const torch::Tensor& output, const torch::Tensor& target) const {
    if (regression_) return torch::mse_loss(output.squeeze(1), target);
    auto options = torch::nn::functional::CrossEntropyFuncOptions();
    if (class_weights_.defined()) options.weight(class_weights_);
    return torch::nn::functional::cross_entropy(output, target, options);
}

}  // namespace persona::tabular
