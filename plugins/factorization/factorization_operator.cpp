// The operator body both factorization models share: read, train with BPR, write model, embeddings, top, curve.
#include "factorization_operator.h"

#include <algorithm>
#include <optional>

#include "bpr_batches.h"
#include "embedding_recommender.h"
#include "factorization_task.h"
#include "persona/context.h"
#include "persona/error.h"
#include "persona/torch/device.h"
#include "persona/torch/full_ranking.h"
#include "saved_embeddings.h"

namespace persona::factorization {

namespace {

constexpr int64_t kScoreChunk = 1024;  // users scored per call when ranking

// What a run reads: the train pairs and, when connected, the validation pairs.
struct RunData {
    InteractionColumns columns;
    InteractionData train;
    std::optional<HeldOutPairs> valid;
};

OperatorSpec model_spec(const ModelKind& kind) {
    OperatorSpec spec;
    spec.name = kind.op;
    spec.version = kind.version;
    spec.exclusive = torch_helper::kExclusiveResource;
    spec.doc = kind.doc;
    spec.input("train", Kind::Table, "interactions (user, item)");
    spec.input("valid", Kind::Table, "held-out (user, item) pairs for early stopping by NDCG@10", false, true);
    spec.output("model", Kind::Model, "format '" + kind.format + "': user and item ids + final embeddings");
    spec.output("embeddings", Kind::Table, "user, embedding: the final user embeddings");
    spec.output("top", Kind::Table, "user, rank, item, score: top_k items not in the user's train or valid rows");
    spec.output("curve", Kind::Table, "epoch, loss, validation metric, lr");
    spec.param("user", ParamType::String, "user", "user id column (int64)");
    spec.param("item", ParamType::String, "item", "item id column (int64)");
    spec.param("dim", ParamType::Int, kind.defaults.dim, "embedding size").range(1, 4096);
    spec.param("reg", ParamType::Float, kind.defaults.reg,
               "L2 weight on the batch's layer-0 embeddings (0.5 reg |e|^2 / batch)")
        .at_least(0);
    spec.param("negatives", ParamType::Int, kind.defaults.negatives,
               "sampled negatives (items not in the user's train rows) per pair")
        .range(1, 1000);
    spec.param("init_std", ParamType::Float, 0.1, "embeddings start as N(0, init_std^2)").range(1e-6, 10);
    spec.param("top_k", ParamType::Int, 10, "items per user in the 'top' output").range(1, 100000);
    if (kind.declare_params) kind.declare_params(spec);
    torch_helper::declare_training_params(spec, kind.training);
    return spec;
}

RunData read_run_data(Context& ctx, const Inputs& inputs, const Params& params, const std::string& op) {
    RunData data;
    data.columns = InteractionColumns{params.text("user"), params.text("item")};
    InteractionCounts counts;
    data.train = read_interactions(inputs.table("train"), data.columns, op, counts);
    ctx.note("rows", counts.rows);
    ctx.note("bad_rows", counts.bad_rows);
    ctx.note("duplicate_pairs", counts.duplicate_pairs);
    ctx.note("users", data.train.user_count());
    ctx.note("items", data.train.item_count());
    ctx.note("pairs", data.train.pair_count());
    if (counts.bad_rows > 0)
        ctx.warn(std::to_string(counts.bad_rows) + " of " + std::to_string(counts.rows) +
                 " train rows have a null user or item and were skipped");
    if (inputs.has("valid")) {
        data.valid = read_held_out(inputs.table("valid"), data.train, data.columns, op, "valid");
        ctx.note("valid_bad_rows", data.valid->bad_rows);
        ctx.note("valid_unknown_users", data.valid->unknown_users);
        ctx.note("valid_unknown_items", data.valid->unknown_items);
        if (data.valid->skipped() > 0)
            ctx.warn(std::to_string(data.valid->skipped()) + " valid rows were skipped: " +
                     std::to_string(data.valid->bad_rows) + " with a null user or item, " +
                     std::to_string(data.valid->unknown_users) + " with a user not in train, " +
                     std::to_string(data.valid->unknown_items) + " with an item not in train");
    }
    return data;
}

ValidationSet validation_set(const InteractionData& train, const HeldOutPairs& valid) {
    ValidationSet set;
    set.user_rows = valid.user_rows;
    set.targets.target = valid.item_columns;
    set.targets.masked.reserve(valid.user_rows.size());
    for (int64_t u : valid.user_rows) set.targets.masked.push_back(train.user_items(u));
    return set;
}

// Per train user: the item columns of their train and valid rows (not recommended in 'top').
std::vector<std::vector<int64_t>> known_items(const InteractionData& train, const std::optional<HeldOutPairs>& valid) {
    std::vector<std::vector<int64_t>> known(static_cast<size_t>(train.user_count()));
    for (int64_t u = 0; u < train.user_count(); ++u) known[u] = train.user_items(u);
    if (valid)
        for (size_t r = 0; r < valid->user_rows.size(); ++r)
            known[valid->user_rows[r]].push_back(valid->item_columns[r]);
    return known;
}

// The epoch batches of the train pairs; notes and warns about pairs that cannot be trained on.
BprBatches training_batches(Context& ctx, const InteractionData& train, int64_t batch_size, int64_t negatives,
                            const std::string& op) {
    BprBatches batches(train, batch_size, negatives);
    ctx.note("excluded_pairs", batches.excluded_pairs());
    if (batches.excluded_pairs() > 0)
        ctx.warn(std::to_string(batches.excluded_pairs()) +
                 " train pairs belong to users who interacted with every item (no negative to sample) and are not "
                 "trained on");
    if (batches.examples() == 0)
        throw Error(op + ": no train pair has a negative to sample (every user interacted with all " +
                    std::to_string(train.item_count()) + " items)");
    return batches;
}

// The early-stopping set when valid rows are usable; otherwise none, and patience is switched off.
std::optional<ValidationSet> early_stopping(Context& ctx, const RunData& data, torch_helper::TrainConfig& config) {
    std::optional<ValidationSet> validation;
    if (data.valid && !data.valid->user_rows.empty()) validation = validation_set(data.train, *data.valid);
    ctx.note("valid_targets", validation ? validation->user_rows.size() : 0);
    if (!validation) config.patience = 0;  // nothing to stop on: train every epoch
    return validation;
}

// The Model artifact: ids and final embeddings as bytes, sizes and settings as metadata.
Model model_artifact(const ModelKind& kind, const Params& params, const RunData& data, const torch::Tensor& users,
                     const torch::Tensor& items, const Json& training) {
    Model model;
    model.format = kind.format;
    model.metadata = Json{{"params", params.json()},
                          {"users", data.train.user_count()},
                          {"items", data.train.item_count()},
                          {"pairs", data.train.pair_count()},
                          {"dim", users.size(1)},
                          {"fold_in", "users not seen in training: mean of their history items' embeddings"},
                          {"training", training}};
    if (kind.metadata) model.metadata.update(kind.metadata(params));
    model.bytes = serialize_embeddings(save_embeddings(data.train.user_ids, data.train.item_ids, users, items));
    return model;
}

Outputs run_factorization(const ModelKind& kind, Context& ctx, const Inputs& inputs, const Params& params) {
    const c10::Device device = torch_helper::resolve_device(ctx.device(), ctx.step_id());
    ctx.note("device", device.str());
    const RunData data = read_run_data(ctx, inputs, params, kind.op);
    torch_helper::TrainConfig config = torch_helper::training_config(params);
    BprBatches batches = training_batches(ctx, data.train, config.batch_size, params.integer("negatives"), kind.op);
    std::optional<ValidationSet> validation = early_stopping(ctx, data, config);

    const EmbeddingShape shape{data.train.user_count(), data.train.item_count(), params.integer("dim"),
                               params.number("init_std")};
    torch_helper::use_threads(ctx.threads());
    torch_helper::seed_torch(ctx.seed());  // the initial weights follow the step seed
    std::shared_ptr<EmbeddingModel> model = kind.make(params, shape, data.train);
    model->to(device);
    FactorizationTask task(model, batches, params.number("reg"), std::move(validation), device);
    const torch_helper::TrainResult result = torch_helper::train(task, config, ctx);

    ctx.progress(0.97, "embeddings and top " + std::to_string(params.integer("top_k")));
    torch::NoGradGuard no_grad;
    model->eval();
    auto [users, items] = model->final_embeddings();
    auto score = [&](const std::vector<int64_t>& rows) { return score_user_rows(users, items, rows); };
    Table top = torch_helper::top_k_table(score, data.train.user_ids, known_items(data.train, data.valid),
                                          data.train.item_ids, params.integer("top_k"), kScoreChunk);
    Table embeddings = torch_helper::embedding_table(data.train.user_ids, users);
    Model artifact = model_artifact(kind, params, data, users, items, torch_helper::training_summary(result, task.metric_name()));
    return {{"model", make_artifact(std::move(artifact))},
            {"embeddings", make_artifact(std::move(embeddings))},
            {"top", make_artifact(std::move(top))},
            {"curve", make_artifact(torch_helper::curve_table(result, task.metric_name()))}};
}

}  // namespace

void register_factorization_model(Registry& registry, ModelKind kind) {
    OperatorSpec spec = model_spec(kind);
    auto shared = std::make_shared<const ModelKind>(std::move(kind));
    registry.add_operator(std::move(spec), [shared](Context& ctx, const Inputs& inputs, const Params& params) {
        return run_factorization(*shared, ctx, inputs, params);
    });
    registry.add_recommender_loader(shared->format, embedding_recommender_loader(shared->format));
}

}  // namespace persona::factorization
