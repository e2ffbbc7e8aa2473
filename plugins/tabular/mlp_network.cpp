#include "mlp_network.h"

#include "persona/error.h"
#include "table_access.h"

namespace persona::tabular {

Json MlpShape::to_json() const {
    return Json{{"inputs", inputs}, {"hidden", hidden}, {"outputs", outputs}, {"dropout", dropout},
                {"activation", activation}};
}

MlpShape MlpShape::from_json(const Json& json) {
    MlpShape shape;
    try {
        shape.inputs = json.at("inputs").get<int64_t>();
        shape.hidden = json.at("hidden").get<std::vector<int64_t>>();
        shape.outputs = json.at("outputs").get<int64_t>();
        shape.dropout = json.at("dropout").get<double>();
        shape.activation = json.at("activation").get<std::string>();
    } catch (const Json::exception& e) {
        throw Error(std::string(kMlpOp) + ": the model's network shape is malformed: " + e.what());
    }
    return shape;
}

MlpNetworkImpl::MlpNetworkImpl(MlpShape shape) : shape_(std::move(shape)) {
    if (shape_.activation != "relu" && shape_.activation != "gelu" && shape_.activation != "silu")
        throw Error(std::string(kMlpOp) + ": param activation is '" + shape_.activation +
                    "'; expected relu, gelu or silu");
    if (shape_.inputs < 1 || shape_.outputs < 1)
        throw Error(std::string(kMlpOp) + ": a network needs at least one input and one output");
    int64_t width = shape_.inputs;
    std::vector<int64_t> sizes = shape_.hidden;
    sizes.push_back(shape_.outputs);
    for (size_t i = 0; i < sizes.size(); ++i) {
        if (sizes[i] < 1) throw Error(std::string(kMlpOp) + ": param hidden has a layer of width < 1");
        layers_.push_back(register_module("linear" + std::to_string(i), torch::nn::Linear(width, sizes[i])));
        width = sizes[i];
    }
    dropout_ = register_module("dropout", torch::nn::Dropout(shape_.dropout));
}

torch::Tensor MlpNetworkImpl::activate(const torch::Tensor& x) const {
    if (shape_.activation == "gelu") return torch::gelu(x);
    if (shape_.activation == "silu") return torch::silu(x);
    return torch::relu(x);
}

torch::Tensor MlpNetworkImpl::forward(torch::Tensor x) {
    const size_t last = layers_.size() - 1;
    for (size_t i = 0; i < last; ++i) x = dropout_(activate(layers_[i](x)));
    return layers_[last](x);
}

}  // namespace persona::tabular
