#include "mlp_predictor.h"

#include "mlp_network.h"
#include "persona/error.h"
#include "persona/torch/module_bytes.h"
#include "table_access.h"

namespace persona::tabular {

namespace {

constexpr int64_t kPredictBatch = 8192;

// The network's outputs for standardized inputs [rows x width]: probabilities or standardized values.
torch::Tensor forward_all(MlpNetworkImpl& network, const std::vector<float>& inputs, int64_t rows, int64_t width,
                          Task task) {
    torch::NoGradGuard no_grad;
    network.eval();
    const auto x = torch::from_blob(const_cast<float*>(inputs.data()), {rows, width}, torch::kFloat32);
    std::vector<torch::Tensor> parts;
    for (int64_t start = 0; start < rows; start += kPredictBatch) {
        auto out = network.forward(x.slice(0, start, std::min(rows, start + kPredictBatch)));
        parts.push_back(task == Task::Classification ? torch::softmax(out, 1) : out.squeeze(1));
    }
    if (parts.empty())
        return task == Task::Classification ? torch::zeros({0, network.shape().outputs}) : torch::zeros({0});
    return torch::cat(parts, 0).contiguous();
}

// Adds `prediction` and one `p_<class>` column per class from probabilities [rows x classes].
void add_class_columns(const TargetEncoding& target, const torch::Tensor& probabilities, Table& out) {
    const int64_t rows = probabilities.size(0);
    const int64_t classes = probabilities.size(1);
    const auto best = probabilities.argmax(1).contiguous();
    const int64_t* best_data = best.data_ptr<int64_t>();
    out.add_string_codes("prediction", std::vector<int64_t>(best_data, best_data + rows), target.classes);
    const float* p = probabilities.data_ptr<float>();
    for (int64_t c = 0; c < classes; ++c) {
        std::vector<double> column(rows);
        for (int64_t row = 0; row < rows; ++row) column[row] = p[row * classes + c];
        out.add_float64("p_" + target.classes[c], std::move(column));
    }
}

// Adds `prediction` in the target's units from standardized values [rows].
void add_value_column(const TargetEncoding& target, const torch::Tensor& values, Table& out) {
    const float* v = values.data_ptr<float>();
    std::vector<double> column(values.size(0));
    for (size_t row = 0; row < column.size(); ++row) column[row] = v[row] * target.scale + target.mean;
    out.add_float64("prediction", std::move(column));
}

// Checks that the network's inputs and outputs agree with the layout and the target.
void check_consistent(const FeatureLayout& layout, const TargetEncoding& target, const MlpShape& shape) {
    const int64_t outputs = target.task == Task::Classification ? static_cast<int64_t>(target.classes.size()) : 1;
    if (shape.inputs != layout.width() || shape.outputs != outputs)
        throw Error(std::string(kMlpOp) + ": the network has " + std::to_string(shape.inputs) + " inputs and " +
                    std::to_string(shape.outputs) + " outputs, the layout gives " + std::to_string(layout.width()) +
                    " inputs and the target " + std::to_string(outputs) + " outputs");
}

}  // namespace

MlpPredictor::MlpPredictor(FeatureLayout layout, TargetEncoding target, std::shared_ptr<MlpNetworkImpl> network)
    : layout_(std::move(layout)), target_(std::move(target)), network_(std::move(network)) {
    check_consistent(layout_, target_, network_->shape());
    network_->to(torch::kCPU);
    network_->eval();
}

MlpPredictor::~MlpPredictor() = default;
MlpPredictor::MlpPredictor(MlpPredictor&&) noexcept = default;
MlpPredictor& MlpPredictor::operator=(MlpPredictor&&) noexcept = default;

Table MlpPredictor::predict(const Table& rows, const std::string& id, const std::string& input,
                            EncodeCounts& counts) const {
    const auto inputs = encode_features(layout_, rows, input, counts);
    const auto outputs = forward_all(*network_, inputs, rows.rows(), layout_.width(), target_.task);
    Table out;
    if (!id.empty() && rows.has(id)) out.add(rows.column(id));
    if (target_.task == Task::Classification)
        add_class_columns(target_, outputs, out);
    else
        add_value_column(target_, outputs, out);
    return out;
}

Model MlpPredictor::to_model(const Json& extra) const {
    Model model;
    model.format = kMlpFormat;
    model.metadata = Json{{"layout", layout_.to_json()}, {"target", target_.to_json()},
                          {"shape", network_->shape().to_json()}};
    for (const auto& [key, value] : extra.items()) model.metadata[key] = value;
    const auto bytes = torch_helper::save_module(*network_);
    model.bytes.assign(bytes.begin(), bytes.end());
    return model;
}

MlpPredictor MlpPredictor::from_model(const Model& model) {
    if (model.format != kMlpFormat)
        throw Error(std::string(kMlpOp) + ": the model has format '" + model.format + "', expected '" + kMlpFormat +
                    "'");
    if (!model.metadata.is_object() || !model.metadata.contains("layout") || !model.metadata.contains("target") ||
        !model.metadata.contains("shape"))
        throw Error(std::string(kMlpOp) + ": the model's metadata lacks layout, target or shape");
    auto layout = FeatureLayout::from_json(model.metadata.at("layout"));
    auto target = TargetEncoding::from_json(model.metadata.at("target"));
    auto network = std::make_shared<MlpNetworkImpl>(MlpShape::from_json(model.metadata.at("shape")));
    check_consistent(layout, target, network->shape());
    torch_helper::load_module(*network, std::vector<uint8_t>(model.bytes.begin(), model.bytes.end()));
    return MlpPredictor(std::move(layout), std::move(target), std::move(network));
}

}  // namespace persona::tabular
