// The MLP network: Linear layers with an activation and dropout between them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/types.h>

#include "persona/artifact.h"

namespace persona::tabular {

// The architecture: sizes, dropout and activation (everything needed to rebuild the network).
struct MlpShape {
    int64_t inputs = 0;
    std::vector<int64_t> hidden;     // hidden layer widths; empty = a linear model
    int64_t outputs = 1;             // classes, or 1 for regression
    double dropout = 0.0;
    std::string activation = "relu"; // relu | gelu | silu

    Json to_json() const;
    static MlpShape from_json(const Json& json);  // throws Error on malformed metadata
};

// inputs -> [Linear -> activation -> dropout] per hidden width -> Linear -> outputs (logits or value).
class MlpNetworkImpl : public torch::nn::Module {
public:
    explicit MlpNetworkImpl(MlpShape shape);
    torch::Tensor forward(torch::Tensor x);
    const MlpShape& shape() const { return shape_; }

private:
    torch::Tensor activate(const torch::Tensor& x) const;

    MlpShape shape_;
    std::vector<torch::nn::Linear> layers_;
    torch::nn::Dropout dropout_{nullptr};
};
TORCH_MODULE(MlpNetwork);

}  // namespace persona::tabular
