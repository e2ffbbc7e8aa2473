// model.mlp: a DNN for tabular classification and regression over a table's feature columns.
#include <optional>

#include "cross_validation.h"
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
    bool standardize = true;
    int64_t folds = 0;      // 0 = no cross-validation
    int64_t fold_seed = 0;  // 0 = deal the folds from the step seed
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
    s.standardize = params.text("scale") == "standard";
    s.folds = params.integer("folds");
    s.fold_seed = params.integer("fold_seed");
    if (s.folds == 1)
        throw Error(std::string(kMlpOp) + ": param folds is 1; use 0 (no cross-validation) or k >= 2 folds");
    if (s.fold_seed > 0 && s.folds == 0)
        throw Error(std::string(kMlpOp) + ": param fold_seed is " + std::to_string(s.fold_seed) +
                    " but folds is 0; set folds: k >= 2 for cross-validation, or leave fold_seed out");
    return s;
}

// The validation metric for the task; throws Error when param metric does not fit the task.
Metric choose_metric(const std::string& requested, Task task) {
    if (requested == "auto") return task == Task::Classification ? Metric::Accuracy : Metric::Rmse;
    if (requested == "objective") return Metric::Objective;
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
    EncodedTarget target;  // target.rows: the rows' positions in the input table
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

// The labelled rows at `positions` (indices into `all`).
LabelledRows subset(const LabelledRows& all, const std::vector<int64_t>& positions) {
    LabelledRows part{all.table.take(positions), EncodedTarget{}};
    for (int64_t i : positions) {
        part.target.rows.push_back(all.target.rows[i]);
        if (!all.target.labels.empty()) part.target.labels.push_back(all.target.labels[i]);
        if (!all.target.values.empty()) part.target.values.push_back(all.target.values[i]);
    }
    return part;
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

// Everything training needs, encoded from the train rows and the check rows.
struct PreparedData {
    FeatureLayout layout;
    std::vector<int64_t> train_labels;  // classification: class index per train row (for class weights)
    int64_t train_rows = 0;
    TensorData train, check;            // check: valid when given, else train
    EncodeCounts train_counts, check_counts;
};

// Fits the layout on `train` and encodes it, and `valid` when given (else train is the check set).
PreparedData prepare_data(const LabelledRows& train, const LabelledRows* valid, const TargetEncoding& target,
                          const std::vector<std::string>& feature_columns, bool standardize,
                          const c10::Device& device) {
    PreparedData data;
    data.layout = fit_layout(train.table, feature_columns, standardize);
    data.train_labels = train.target.labels;
    data.train_rows = train.table.rows();
    data.train = to_tensors(data.layout, target, train, "train", device, data.train_counts);
    data.check = data.train;
    if (valid) data.check = to_tensors(data.layout, target, *valid, "valid", device, data.check_counts);
    return data;
}

// Builds the network for the data's layout and target and trains it with the shared loop.
std::pair<MlpNetwork, torch_helper::TrainResult> train_network(Context& ctx, const PreparedData& data,
                                                               const TargetEncoding& target,
                                                               const MlpSettings& settings, Metric metric,
                                                               const torch_helper::TrainConfig& config,
                                                               const c10::Device& device, bool has_valid) {
    torch_helper::seed_torch(ctx.seed());  // before the network's weights are initialized
    const bool classify = target.task == Task::Classification;
    const int64_t outputs = classify ? static_cast<int64_t>(target.classes.size()) : 1;
    MlpNetwork network(MlpShape{data.layout.width(), settings.hidden, outputs, settings.dropout, settings.activation});
    network->to(device);
    torch::Tensor weights;
    if (classify && settings.class_weight == "balanced")
        weights = balanced_class_weights(data.train_labels, outputs).to(device);
    MlpTrainingTask task(network, data.train, data.check, has_valid, metric, target.task == Task::Regression,
                         target.scale, weights, config.batch_size, config.weight_decay);
    auto result = torch_helper::train(task, config, ctx);
    return {network, std::move(result)};
}

// The model output's metadata beyond layout, target and shape.
Json model_facts(const MlpSettings& settings, const std::string& metric, const torch_helper::TrainResult& result,
                 int64_t train_rows) {
    return Json{{"id", settings.id}, {"metric", metric}, {"best_metric", result.best_metric},
                {"best_epoch", result.best_epoch}, {"epochs_run", result.curve.size()},
                {"train_rows", train_rows}, {"stopped_early", result.stopped_early}};
}

// Trains on train (early stopping on valid when given) and predicts apply, valid or train.
Outputs run_single(Context& ctx, const Inputs& inputs, const MlpSettings& settings, Task task, Metric metric,
                   const torch_helper::TrainConfig& config, const c10::Device& device) {
    const Table& train_table = inputs.table("train");
    const TargetEncoding target =
        fit_target(require_column(train_table, settings.target, "train", "target"), task);
    const LabelledRows train = labelled_rows(train_table, target, "train");
    const auto feature_columns = choose_feature_columns(train.table, settings.features, settings.target, settings.id);
    const bool has_valid = inputs.has("valid");
    if (has_valid && metric == Metric::Objective)
        throw Error(std::string(kMlpOp) + ": param metric is 'objective', which keeps the weights with the lowest "
                    "training objective and never looks at 'valid'; leave 'valid' unconnected or use accuracy, "
                    "logloss or rmse");
    std::optional<LabelledRows> valid;
    if (has_valid) valid = labelled_rows(inputs.table("valid"), target, "valid");
    PreparedData data =
        prepare_data(train, valid ? &*valid : nullptr, target, feature_columns, settings.standardize, device);
    Json notes = Json::object();
    note_dropped_targets(ctx, "train", train.target.dropped, notes);
    note_encoding(ctx, "train", data.train_counts, notes);
    if (valid) {
        note_dropped_targets(ctx, "valid", valid->target.dropped, notes);
        note_encoding(ctx, "valid", data.check_counts, notes);
    }
    auto [network, result] = train_network(ctx, data, target, settings, metric, config, device, has_valid);

    MlpPredictor predictor(data.layout, target, network.ptr());
    const std::string apply_input = inputs.has("apply") ? "apply" : has_valid ? "valid" : "train";
    EncodeCounts apply_counts;
    Table predictions = predictor.predict(inputs.table(apply_input), settings.id, apply_input, apply_counts);
    note_encoding(ctx, "apply", apply_counts, notes);  // the predicted rows (apply, valid or train)
    for (auto& [key, value] : notes.items()) ctx.note(key, value);
    ctx.note("features", Json{{"columns", feature_columns}, {"inputs", data.layout.width()}});

    const std::string name = metric_name(metric, has_valid);
    return {{"model", make_artifact(predictor.to_model(model_facts(settings, name, result, data.train_rows)))},
            {"predictions", make_artifact(std::move(predictions))},
            {"curve", make_artifact(torch_helper::curve_table(result, name))}};
}

// One fold's held-out predictions and its score on them.
struct FoldResult {
    Table predictions;  // held-out rows: id, prediction, p_<class>..., fold
    Json summary;       // fold, train_rows, held_out_rows, held-out accuracy / neg_logloss / neg_rmse
};

// Trains on every fold but `fold` and predicts the held-out fold.
FoldResult run_fold(Context& ctx, const LabelledRows& labelled, const std::vector<int64_t>& folds, int64_t fold,
                    const TargetEncoding& target, const std::vector<std::string>& feature_columns,
                    const MlpSettings& settings, Metric metric, const torch_helper::TrainConfig& config,
                    const c10::Device& device) {
    const LabelledRows fit = subset(labelled, fold_rows(folds, fold, false));
    const LabelledRows held = subset(labelled, fold_rows(folds, fold, true));
    PreparedData data = prepare_data(fit, nullptr, target, feature_columns, settings.standardize, device);
    auto [network, result] = train_network(ctx, data, target, settings, metric, config, device, false);
    EncodeCounts held_counts;
    const TensorData held_data = to_tensors(data.layout, target, held, "train", device, held_counts);
    FoldResult out;
    out.summary = Json{{"fold", fold}, {"train_rows", fit.table.rows()}, {"held_out_rows", held.table.rows()},
                       {"best_epoch", result.best_epoch}};
    if (target.task == Task::Classification) {
        out.summary["held_out_accuracy"] = evaluate(*network, held_data, Metric::Accuracy, target.scale);
        out.summary["held_out_neg_logloss"] = evaluate(*network, held_data, Metric::LogLoss, target.scale);
    } else {
        out.summary["held_out_neg_rmse"] = evaluate(*network, held_data, Metric::Rmse, target.scale);
    }
    MlpPredictor predictor(data.layout, target, network.ptr());
    out.predictions = predictor.predict(held.table, settings.id, "train", held_counts);
    out.predictions.add_int64("fold", std::vector<int64_t>(held.table.rows(), fold));
    return out;
}

// The rows of `table` in the order of their original positions `origin` (a permutation of 0..n-1).
Table in_original_order(const Table& table, const std::vector<int64_t>& origin) {
    std::vector<int64_t> order(origin.size());
    for (size_t i = 0; i < origin.size(); ++i) order[origin[i]] = static_cast<int64_t>(i);
    return table.take(order);
}

// Stratified k-fold cross-validation: k models each predict their held-out fold (the predictions),
// and the model output is trained on every labelled row.
Outputs run_cross_validated(Context& ctx, const Inputs& inputs, const MlpSettings& settings, Task task,
                            Metric metric, const torch_helper::TrainConfig& config, const c10::Device& device) {
    if (inputs.has("valid") || inputs.has("apply"))
        throw Error(std::string(kMlpOp) + ": param folds is " + std::to_string(settings.folds) +
                    ", so every train row is predicted by the model that did not see it; leave the 'valid' and "
                    "'apply' inputs unconnected (or set folds: 0)");
    const Table& train_table = inputs.table("train");
    const TargetEncoding target =
        fit_target(require_column(train_table, settings.target, "train", "target"), task);
    const LabelledRows labelled = labelled_rows(train_table, target, "train");
    const auto feature_columns =
        choose_feature_columns(labelled.table, settings.features, settings.target, settings.id);
    const bool classify = task == Task::Classification;
    const std::vector<int64_t> strata =
        classify ? labelled.target.labels : std::vector<int64_t>(labelled.table.rows(), 0);
    const uint64_t fold_seed = settings.fold_seed > 0 ? static_cast<uint64_t>(settings.fold_seed) : ctx.seed();
    const std::vector<int64_t> folds = stratified_folds(strata, settings.folds, fold_seed);

    std::vector<Table> parts;
    std::vector<int64_t> origin;  // the train-table position of each stacked prediction row
    Json summaries = Json::array();
    for (int64_t fold = 0; fold < settings.folds; ++fold) {
        ctx.check_cancelled();
        ctx.info("fold " + std::to_string(fold + 1) + "/" + std::to_string(settings.folds));
        FoldResult result =
            run_fold(ctx, labelled, folds, fold, target, feature_columns, settings, metric, config, device);
        for (int64_t i : fold_rows(folds, fold, true)) origin.push_back(labelled.target.rows[i]);
        parts.push_back(std::move(result.predictions));
        summaries.push_back(std::move(result.summary));
    }

    ctx.info("final model on all " + std::to_string(labelled.table.rows()) + " labelled rows");
    PreparedData data = prepare_data(labelled, nullptr, target, feature_columns, settings.standardize, device);
    auto [network, result] = train_network(ctx, data, target, settings, metric, config, device, false);
    MlpPredictor predictor(data.layout, target, network.ptr());
    Json notes = Json::object();
    note_dropped_targets(ctx, "train", labelled.target.dropped, notes);
    note_encoding(ctx, "train", data.train_counts, notes);
    if (labelled.target.dropped > 0) {  // rows without a usable target: predicted by the final model
        std::vector<int64_t> unlabelled;
        std::vector<bool> is_labelled(train_table.rows(), false);
        for (int64_t row : labelled.target.rows) is_labelled[row] = true;
        for (int64_t row = 0; row < train_table.rows(); ++row)
            if (!is_labelled[row]) unlabelled.push_back(row);
        EncodeCounts counts;
        Table rest = predictor.predict(train_table.take(unlabelled), settings.id, "train", counts);
        rest.add_int64("fold", std::vector<int64_t>(unlabelled.size(), kNullInt));
        parts.push_back(std::move(rest));
        origin.insert(origin.end(), unlabelled.begin(), unlabelled.end());
        note_encoding(ctx, "apply", counts, notes);
    }
    for (auto& [key, value] : notes.items()) ctx.note(key, value);
    ctx.note("features", Json{{"columns", feature_columns}, {"inputs", data.layout.width()}});
    ctx.note("cross_validation", Json{{"folds", settings.folds}, {"per_fold", summaries}});
    Table predictions = in_original_order(stack_rows(parts), origin);

    const std::string name = metric_name(metric, false);
    Json facts = model_facts(settings, name, result, data.train_rows);
    facts["folds"] = settings.folds;
    facts["cross_validation"] = summaries;
    return {{"model", make_artifact(predictor.to_model(facts))},
            {"predictions", make_artifact(std::move(predictions))},
            {"curve", make_artifact(torch_helper::curve_table(result, name))}};
}

Outputs run_mlp(Context& ctx, const Inputs& inputs, const Params& params) {
    const MlpSettings settings = read_settings(params);
    const auto config = torch_helper::training_config(params);
    const c10::Device device = torch_helper::resolve_device(ctx.device(), ctx.step_id());
    torch_helper::use_threads(ctx.threads());
    const Task task = choose_task(require_column(inputs.table("train"), settings.target, "train", "target"),
                                  settings.task);
    const Metric metric = choose_metric(settings.metric, task);
    if (settings.folds >= 2) return run_cross_validated(ctx, inputs, settings, task, metric, config, device);
    return run_single(ctx, inputs, settings, task, metric, config, device);
}

}  // namespace

void register_mlp(Registry& registry) {
    OperatorSpec spec;
    spec.name = kMlpOp;
    spec.version = "0.3.0";
    spec.exclusive = torch_helper::kExclusiveResource;
    spec.doc = "DNN (MLP) for tabular classification or regression, e.g. user profiling from features or embeddings";
    spec.input("train", Kind::Table, "rows with the feature columns and the target");
    spec.input("valid", Kind::Table, "rows with the target for early stopping (optional)", false, true);
    spec.input("apply", Kind::Table, "rows to predict (optional; default: valid if given, else train)", false, true);
    spec.output("model", Kind::Model, "format 'mlp': feature layout, classes, normalization, weights");
    spec.output("predictions", Kind::Table,
                "id, prediction, and p_<class> per class for classification (folds: out-of-fold, plus fold)");
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
               "early-stopping metric: auto (accuracy or rmse), accuracy, logloss, rmse, objective (train loss + L2)")
        .one_of({"auto", "accuracy", "logloss", "rmse", "objective"});
    spec.param("scale", ParamType::String, "standard",
               "inputs: standard (x - train mean) / train sd, or none (as they are; nulls become 0)")
        .one_of({"standard", "none"});
    spec.param("folds", ParamType::Int, 0,
               "0 = off; k >= 2: stratified k-fold cross-validation, predictions are out-of-fold for every train row")
        .range(0, 1000);
    spec.param("fold_seed", ParamType::Int, 0,
               "0 = folds dealt from the step seed; n >= 1: dealt from n, so steps with the same fold_seed and "
               "target rows share their folds (a paired comparison of models)")
        .range(0, 2147483647);
    torch_helper::TrainConfig defaults;
    defaults.epochs = 100;
    defaults.batch_size = 256;
    defaults.lr = 1e-3;
    defaults.patience = 10;
    torch_helper::declare_training_params(spec, defaults);
    registry.add_operator(std::move(spec), run_mlp);
}

}  // namespace persona::tabular
