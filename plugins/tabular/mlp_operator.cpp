// model.mlp: a DNN for tabular classification and regression over a table's feature columns.
#include "feature_layout.h"
#include "mlp_network.h"
#include "mlp_predictor.h"
#include "mlp_training.h"
#include "operators.h"
#include "persona/context.h"
#include "persona/error.h"
#include "persona/torch/device.h"
#include "persona/torch/training.h"
#include "table_access.h"
#include "target_encoding.h"

namespace persona::tabular {

namespace {

// The operator's own params (the training params are read by torch_helper::training_config).
struct MlpSettings {
    std::string target, id, task, activation, class_weight, metric;
    std::vector<std::string> features;
    std::vector<int64_t> hidden;
    double dropout = 0.0;
};

// The hidden layer widths; [0] stands for none (a linear model), since a list param cannot be empty.
std::vector<int64_t> hidden_widths(const std::vector<int64_t>& widths) {
    if (widths == std::vector<int64_t>{0}) return {};
    for (int64_t w : widths)
        if (w < 1)
            throw Error(std::string(kMlpOp) + ": param hidden has a layer of width " + std::to_string(w) +
                        "; use widths >= 1, or [0] alone for a linear model");
    return widths;
}

MlpSettings read_settings(const Params& params) {
    MlpSettings s;
    s.target = params.text("target");
    s.features = params.texts("features");
    s.id = params.text("id");
    s.task = params.text("task");
    s.hidden = hidden_widths(params.integers("hidden"));
    s.dropout = params.number("dropout");
    s.activation = params.text("activation");
    s.class_weight = params.text("class_weight");
    s.metric = params.text("metric");
    return s;
}

// The validation metric for the task; throws Error when param metric does not fit the task.
Metric choose_metric(const std::string& requested, Task task) {
    if (requested == "auto") return task == Task::Classification ? Metric::Accuracy : Metric::Rmse;
    if (task == Task::Regression && requested != "rmse")
        throw Error(std::string(kMlpOp) + ": param metric is '" + requested +
                    "' but the task is regression; use auto or rmse");
    if (task == Task::Classification && requested == "rmse")
        throw Error(std::string(kMlpOp) + ": param metric is 'rmse' but the task is classification; use auto, "
                    "accuracy or logloss");
    if (requested == "accuracy") return Metric::Accuracy;
    if (requested == "logloss") return Metric::LogLoss;
    return Metric::Rmse;
}

// The rows of a table that have a usable target, with their encoded targets.
struct LabelledRows {
    Table table;
    EncodedTarget target;
};

LabelledRows labelled_rows(const Table& table, const TargetEncoding& target, const std::string& input) {
    const Column& column = require_column(table, target.column, input, "target");
    LabelledRows labelled{Table{}, encode_target(target, column, input)};
    if (labelled.target.rows.empty())
        throw Error(std::string(kMlpOp) + ": the '" + input + "' table has no row with a usable target '" +
                    target.column + "' (" + std::to_string(table.rows()) + " rows, " +
                    std::to_string(labelled.target.dropped) + " with a null or unknown target)");
    labelled.table = labelled.target.dropped ? table.take(labelled.target.rows) : table;
    return labelled;
}

// Encodes labelled rows as tensors on `device`.
TensorData to_tensors(const FeatureLayout& layout, const TargetEncoding& target, const LabelledRows& labelled,
                      const std::string& input, const c10::Device& device, EncodeCounts& counts) {
    auto x = encode_features(layout, labelled.table, input, counts);
    const int64_t rows = labelled.table.rows();
    TensorData data;
    data.x = torch::tensor(x, torch::kFloat32).view({rows, layout.width()}).to(device);
    data.y = target.task == Task::Classification ? torch::tensor(labelled.target.labels, torch::kInt64)
                                                 : torch::tensor(labelled.target.values, torch::kFloat32);
    data.y = data.y.to(device);
    return data;
}

// Records rows without a usable target in the run record, and warns when there are any.
void note_dropped_targets(Context& ctx, const std::string& input, int64_t dropped, Json& notes) {
    notes["null_target_rows"][input] = dropped;
    if (dropped > 0)
        ctx.warn(input + ": " + std::to_string(dropped) +
                 " rows have a null target or a class not seen in train and were not used");
}

// Records imputed and unknown feature values of one table in the run record, and warns when there are any.
void note_encoding(Context& ctx, const std::string& input, const EncodeCounts& counts, Json& notes) {
    notes["imputed_values"][input] = counts.imputed;
    notes["unknown_categories"][input] = counts.unknown_categories;
    if (counts.imputed > 0)
        ctx.warn(input + ": " + std::to_string(counts.imputed) + " null feature values imputed with the train mean");
    if (counts.unknown_categories > 0)
        ctx.warn(input + ": " + std::to_string(counts.unknown_categories) +
                 " string feature values not seen in train (encoded as all zero)");
}

// Everything training needs, encoded from the train and valid tables.
struct PreparedData {
    TargetEncoding target;
    std::vector<std::string> feature_columns;
    FeatureLayout layout;
    std::vector<int64_t> train_labels;  // classification: class index per train row (for class weights)
    int64_t train_rows = 0;
    TensorData train, check;            // check: valid when given, else train
    Json notes = Json::object();        // data problems per input, recorded in the run record
};

PreparedData prepare_data(Context& ctx, const Inputs& inputs, const MlpSettings& settings, Task task,
                          const c10::Device& device) {
    PreparedData data;
    const Table& train_table = inputs.table("train");
    data.target = fit_target(require_column(train_table, settings.target, "train", "target"), task);
    const LabelledRows train = labelled_rows(train_table, data.target, "train");
    data.feature_columns = choose_feature_columns(train.table, settings.features, settings.target, settings.id);
    data.layout = fit_layout(train.table, data.feature_columns);
    data.train_labels = train.target.labels;
    data.train_rows = train.table.rows();

    EncodeCounts train_counts;
    data.train = to_tensors(data.layout, data.target, train, "train", device, train_counts);
    note_dropped_targets(ctx, "train", train.target.dropped, data.notes);
    note_encoding(ctx, "train", train_counts, data.notes);
    data.check = data.train;
    if (inputs.has("valid")) {
        const LabelledRows valid = labelled_rows(inputs.table("valid"), data.target, "valid");
        EncodeCounts valid_counts;
        data.check = to_tensors(data.layout, data.target, valid, "valid", device, valid_counts);
        note_dropped_targets(ctx, "valid", valid.target.dropped, data.notes);
        note_encoding(ctx, "valid", valid_counts, data.notes);
    }
    return data;
}

// Builds the network for the data's layout and target and trains it with the shared loop.
std::pair<MlpNetwork, torch_helper::TrainResult> train_network(Context& ctx, const PreparedData& data,
                                                               const MlpSettings& settings, Metric metric,
                                                               const torch_helper::TrainConfig& config,
                                                               const c10::Device& device, bool has_valid) {
    const bool classify = data.target.task == Task::Classification;
    const int64_t outputs = classify ? static_cast<int64_t>(data.target.classes.size()) : 1;
    MlpNetwork network(MlpShape{data.layout.width(), settings.hidden, outputs, settings.dropout, settings.activation});
    network->to(device);
    torch::Tensor weights;
    if (classify && settings.class_weight == "balanced")
        weights = balanced_class_weights(data.train_labels, outputs).to(device);
    MlpTrainingTask task(network, data.train, data.check, has_valid, metric, data.target.scale, weights,
                         config.batch_size);
    auto result = torch_helper::train(task, config, ctx);
    return {network, std::move(result)};
}

Outputs run_mlp(Context& ctx, const Inputs& inputs, const Params& params) {
    const MlpSettings settings = read_settings(params);
    const auto config = torch_helper::training_config(params);
    const c10::Device device = torch_helper::resolve_device(ctx.device(), ctx.step_id());
    torch_helper::use_threads(ctx.threads());
    torch_helper::seed_torch(ctx.seed());  // before the network's weights are initialized

    const Task task = choose_task(require_column(inputs.table("train"), settings.target, "train", "target"),
                                  settings.task);
    const Metric metric = choose_metric(settings.metric, task);
    const bool has_valid = inputs.has("valid");
    PreparedData data = prepare_data(ctx, inputs, settings, task, device);
    auto [network, result] = train_network(ctx, data, settings, metric, config, device, has_valid);

    MlpPredictor predictor(data.layout, data.target, network.ptr());
    const std::string apply_input = inputs.has("apply") ? "apply" : has_valid ? "valid" : "train";
    EncodeCounts apply_counts;
    Table predictions = predictor.predict(inputs.table(apply_input), settings.id, apply_input, apply_counts);
    note_encoding(ctx, "apply", apply_counts, data.notes);  // the predicted rows (apply, valid or train)
    for (auto& [key, value] : data.notes.items()) ctx.note(key, value);
    ctx.note("features", Json{{"columns", data.feature_columns}, {"inputs", data.layout.width()}});

    const std::string name = metric_name(metric, has_valid);
    const Json facts{{"id", settings.id}, {"metric", name}, {"best_metric", result.best_metric},
                     {"best_epoch", result.best_epoch}, {"epochs_run", result.curve.size()},
                     {"train_rows", data.train_rows}, {"stopped_early", result.stopped_early}};
    return {{"model", make_artifact(predictor.to_model(facts))},
            {"predictions", make_artifact(std::move(predictions))},
            {"curve", make_artifact(torch_helper::curve_table(result, name))}};
}

}  // namespace

void register_mlp(Registry& registry) {
    OperatorSpec spec;
    spec.name = kMlpOp;
    spec.version = "0.2.0";
    spec.exclusive = torch_helper::kExclusiveResource;
    spec.doc = "DNN (MLP) for tabular classification or regression, e.g. user profiling from features or embeddings";
    spec.input("train", Kind::Table, "rows with the feature columns and the target");
    spec.input("valid", Kind::Table, "rows with the target for early stopping (optional)", false, true);
    spec.input("apply", Kind::Table, "rows to predict (optional; default: valid if given, else train)", false, true);
    spec.output("model", Kind::Model, "format 'mlp': feature layout, classes, normalization, weights");
    spec.output("predictions", Kind::Table, "id, prediction, and p_<class> per class for classification");
    spec.output("curve", Kind::Table, "epoch, loss, the validation metric, lr");
    spec.param("target", ParamType::String, Json(), "target column: string/int64 = classification, float64 = regression");
    spec.param("features", ParamType::StringList, Json::array(),
               "feature columns ([] = every int64, float64 and vector column except target and id)");
    spec.param("id", ParamType::String, "user", "column copied into the predictions (skipped if absent)");
    spec.param("task", ParamType::String, "auto", "auto (from the target's type), classification or regression")
        .one_of({"auto", "classification", "regression"});
    spec.param("hidden", ParamType::IntList, Json::array({128, 64}), "hidden layer widths ([0] = none: a linear model)")
        .range(0, 65536);
    spec.param("dropout", ParamType::Float, 0.1, "dropout after each hidden layer").range(0, 0.9);
    spec.param("activation", ParamType::String, "relu", "hidden activation").one_of({"relu", "gelu", "silu"});
    spec.param("class_weight", ParamType::String, "none", "classification: balanced weights classes n/(k*n_c)")
        .one_of({"none", "balanced"});
    spec.param("metric", ParamType::String, "auto",
               "early-stopping metric: auto (accuracy or rmse), accuracy, logloss, rmse")
        .one_of({"auto", "accuracy", "logloss", "rmse"});
    torch_helper::TrainConfig defaults;
    defaults.epochs = 100;
    defaults.batch_size = 256;
    defaults.lr = 1e-3;
    defaults.patience = 10;
    torch_helper::declare_training_params(spec, defaults);
    registry.add_operator(std::move(spec), run_mlp);
}

}  // namespace persona::tabular
