// register_sequence_model: the operator every sequence architecture shares (data, training, outputs, loader).
#include <algorithm>
#include <numeric>
#include <optional>

#include "history_encoding.h"
#include "model_artifact.h"
#include "persona/context.h"
#include "persona/error.h"
#include "persona/torch/device.h"
#include "persona/torch/full_ranking.h"
#include "persona/torch/module_bytes.h"
#include "persona/torch/training.h"
#include "sequence_data.h"
#include "sequence_encoder.h"
#include "sequence_recommender.h"
#include "sequence_training_task.h"

namespace persona::sequential {

namespace {

// The data a run reads: train sequences and, when connected, the held-out validation rows.
struct RunData {
    SequenceColumns columns;
    SequenceData train;
    std::optional<HeldOut> valid;
};

void declare_common_params(OperatorSpec& spec, const Architecture& architecture) {
    spec.param("user", ParamType::String, "user", "user id column (int64)");
    spec.param("item", ParamType::String, "item", "item id column (int64)");
    spec.param("time", ParamType::String, "ts", "time column (int64) ordering each user's interactions");
    spec.param("type", ParamType::String, "", "event-type column (string or int64); \"\" = no event types");
    spec.param("max_len", ParamType::Int, 50, "most recent interactions kept per sequence").range(1, 4096);
    spec.param("dim", ParamType::Int, 64, "hidden and item-embedding size").range(1, 4096);
    spec.param("dropout", ParamType::Float, 0.2, "dropout rate in training").range(0, 0.95);
    spec.param("loss", ParamType::String, "ce",
               "bce (1 unseen negative per position), sampled_softmax (shared negatives) or ce (full softmax)")
        .one_of({"bce", "sampled_softmax", "ce"});
    spec.param("negatives", ParamType::Int, 256, "sampled_softmax: negatives per batch").range(1, 1000000);
    spec.param("temperature", ParamType::Float, 1.0, "softmax losses: logits are divided by it").range(1e-4, 1e4);
    spec.param("top_k", ParamType::Int, 10, "items per user in the 'top' output").range(1, 100000);
    spec.param("valid_users", ParamType::Int, 0,
               "users whose valid target is used for early stopping (0 = all; else a seeded sample)")
        .at_least(0);
    spec.param("valid_k", ParamType::Int, 10, "early stopping (and the curve) on the valid targets' NDCG@valid_k")
        .range(1, 1000);
    spec.param("length_buckets", ParamType::Bool, architecture.length_buckets,
               "train on batches of similar length, each only as wide as its longest sequence (faster for "
               "encoders that compute on padding; changes which users share a batch)");
    spec.param("examples", ParamType::String, architecture.causal ? "sequences" : "prefixes",
               "sequences: one example per user with a target at every position; prefixes: one example per "
               "target, the items before it as input and the loss at the last position only (as S3-Rec, "
               "ICLRec and BSARec train)")
        .one_of({"sequences", "prefixes"});
}

OperatorSpec sequence_model_spec(const Architecture& architecture) {
    OperatorSpec spec;
    spec.name = architecture.op;
    spec.version = architecture.version;
    spec.exclusive = torch_helper::kExclusiveResource;
    spec.doc = architecture.doc;
    spec.input("train", Kind::Table, "interactions (user, item, time, optional type)");
    spec.input("valid", Kind::Table, "held-out next item per user (user, item) for early stopping", false, true);
    spec.output("model", Kind::Model, "format '" + architecture.format + "': item ids + encoder weights");
    spec.output("embeddings", Kind::Table, "user, embedding: last hidden state after the train+valid history");
    spec.output("top", Kind::Table, "user, rank, item, score: top_k unseen items after the train+valid history");
    spec.output("curve", Kind::Table, "epoch, loss, validation metric, lr");
    declare_common_params(spec, architecture);
    torch_helper::declare_training_params(spec);
    if (architecture.declare_params) architecture.declare_params(spec);
    return spec;
}

RunData read_run_data(Context& ctx, const Inputs& inputs, const Params& params, const std::string& op) {
    RunData data;
    data.columns = SequenceColumns{params.text("user"), params.text("item"), params.text("time"), params.text("type")};
    SequenceCounts counts;
    data.train = read_sequences(inputs.table("train"), data.columns, op, counts);
    ctx.note("rows", counts.rows);
    ctx.note("bad_rows", counts.bad_rows);
    if (!data.columns.type.empty()) ctx.note("null_type_rows", counts.null_type_rows);
    ctx.note("users", data.train.user_count());
    ctx.note("items", data.train.item_columns() - 1);
    if (counts.bad_rows > 0)
        ctx.warn(std::to_string(counts.bad_rows) + " of " + std::to_string(counts.rows) +
                 " train rows have a null user, item or time and were skipped");
    if (inputs.has("valid")) {
        data.valid = read_held_out(inputs.table("valid"), data.train, data.columns, op, "valid");
        ctx.note("valid_bad_rows", data.valid->bad_rows);
        ctx.note("valid_unknown_items", data.valid->unknown_items);
        ctx.note("valid_unknown_users", data.valid->unknown_users);
        const int64_t skipped = data.valid->bad_rows + data.valid->unknown_items + data.valid->unknown_users;
        if (skipped > 0)
            ctx.warn(std::to_string(skipped) + " valid rows were skipped: " + std::to_string(data.valid->bad_rows) +
                     " with a null user or item, " + std::to_string(data.valid->unknown_items) +
                     " with an item not in train, " + std::to_string(data.valid->unknown_users) +
                     " with a user not in train");
    }
    return data;
}

// The user rows with a validation target; a seeded sample of `limit` of them when 0 < limit < count.
std::vector<int64_t> validation_users(const HeldOut& valid, int64_t users, int64_t limit, uint64_t seed) {
    std::vector<int64_t> rows;
    for (int64_t u = 0; u < users; ++u)
        if (valid.count(u) > 0) rows.push_back(u);
    if (limit <= 0 || limit >= static_cast<int64_t>(rows.size())) return rows;
    uint64_t state = seed ^ 0x5EEDull;
    for (int64_t i = static_cast<int64_t>(rows.size()) - 1; i > 0; --i) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        std::swap(rows[i], rows[(state >> 17) % uint64_t(i + 1)]);
    }
    rows.resize(limit);
    std::sort(rows.begin(), rows.end());
    return rows;
}

// Score columns (item column - 1) of a user's items, to mask when ranking.
std::vector<int64_t> seen_columns(const SequenceData& data, int64_t user_row) {
    std::vector<int64_t> seen(data.items.begin() + data.offsets[user_row],
                              data.items.begin() + data.offsets[user_row + 1]);
    for (int64_t& c : seen) c -= 1;
    return seen;
}

ValidationSet validation_set(const SequenceData& train, const HeldOut& valid, const std::vector<int64_t>& users,
                             int64_t k) {
    ValidationSet set;
    set.k = k;
    set.histories = user_histories(train, users);
    for (int64_t u : users) {
        set.targets.target.push_back(valid.items[valid.offsets[u]] - 1);  // the first held-out item
        set.targets.masked.push_back(seen_columns(train, u));
    }
    return set;
}

EncoderShape encoder_shape(const SequenceData& data, const Params& params) {
    EncoderShape shape;
    shape.items = data.item_columns();
    shape.types = data.type_columns();
    shape.dim = params.integer("dim");
    shape.max_len = params.integer("max_len");
    shape.dropout = params.number("dropout");
    return shape;
}

LossSettings loss_settings(const Params& params) {
    return LossSettings{loss_kind(params.text("loss")), params.integer("negatives"), params.number("temperature")};
}

// The trained encoder's outputs after the full (train + valid) history: embeddings and top-k tables.
std::pair<Table, Table> user_outputs(SequenceEncoder& encoder, const SequenceData& history, const HistoryFormat& format,
                                     const c10::Device& device, int64_t top_k) {
    std::vector<int64_t> all(history.user_count());
    std::iota(all.begin(), all.end(), 0);
    const std::vector<HistoryView> views = user_histories(history, all);
    encoder.eval();
    Table embeddings = torch_helper::embedding_table(history.users, last_hidden(encoder, views, format, device));
    std::vector<std::vector<int64_t>> masked;
    masked.reserve(all.size());
    for (int64_t u : all) masked.push_back(seen_columns(history, u));
    auto score = [&](const std::vector<int64_t>& rows) {
        return SequenceTrainingTask::score_histories(encoder, views, rows, format, device);
    };
    Table top = torch_helper::top_k_table(score, history.users, masked, history.item_ids, top_k, kScoringChunk);
    return {std::move(embeddings), std::move(top)};
}

Outputs run_sequence_model(const Architecture& architecture, Context& ctx, const Inputs& inputs,
                           const Params& params) {
    const std::string& op = architecture.op;
    const c10::Device device = torch_helper::resolve_device(ctx.device(), ctx.step_id());
    ctx.note("device", device.str());
    RunData data = read_run_data(ctx, inputs, params, op);

    const LossSettings loss = loss_settings(params);
    torch_helper::TrainConfig config = torch_helper::training_config(params);
    const bool prefixes = params.text("examples") == "prefixes";
    if (!architecture.causal && !prefixes)
        throw Error(op + ": param examples is 'sequences', but this model is not causal (later items change the "
                    "states of earlier positions), so a target at every position would let it see the answer; "
                    "use examples: prefixes");
    const EncoderShape shape = encoder_shape(data.train, params);
    torch_helper::use_threads(ctx.threads());
    torch_helper::seed_torch(ctx.seed());  // the initial weights follow the step seed
    std::shared_ptr<SequenceEncoder> encoder = architecture.make(params, shape);

    TrainingBatches batches(data.train, params.integer("max_len"), config.batch_size, negatives_for(loss.kind),
                            loss.negatives, params.flag("length_buckets"),
                            prefixes ? ExampleKind::Prefixes : ExampleKind::Sequences,
                            prefixes && encoder->encodes_empty_history());
    ctx.note("train_examples", batches.examples());
    if (batches.examples() == 0)
        throw Error(op + ": no user has 2 or more train interactions, so there is nothing to train on (users: " +
                    std::to_string(data.train.user_count()) + ")");

    std::optional<ValidationSet> validation;
    if (data.valid) {
        const auto users =
            validation_users(*data.valid, data.train.user_count(), params.integer("valid_users"), ctx.seed());
        ctx.note("valid_targets", users.size());
        if (!users.empty()) validation = validation_set(data.train, *data.valid, users, params.integer("valid_k"));
    }
    if (!validation) config.patience = 0;  // nothing to stop on: train every epoch

    encoder->to(device);

    const HistoryFormat format{shape.max_len, data.train.has_types(), data.train.default_type, true};
    SequenceTrainingTask task(encoder, batches, loss, std::move(validation), format, device);
    const torch_helper::TrainResult result = torch_helper::train(task, config, ctx);

    ctx.progress(0.97, "embeddings and top " + std::to_string(params.integer("top_k")));
    const SequenceData history = data.valid ? append_held_out(data.train, *data.valid) : data.train;
    auto [embeddings, top] = user_outputs(*encoder, history, format, device, params.integer("top_k"));

    encoder->to(torch::kCPU);
    Model model;
    model.format = architecture.format;
    model.metadata = Json{{"params", params.json()},
                          {"shape", shape_to_json(shape)},
                          {"items", data.train.item_ids.size()},
                          {"users", data.train.user_count()},
                          {"type_names", data.train.type_names},
                          {"default_type", data.train.default_type},
                          {"training", torch_helper::training_summary(result, task.metric_name())}};
    model.bytes =
        serialize_sequence_model(SavedSequenceModel{data.train.item_ids, torch_helper::save_module(*encoder)});
    return {{"model", make_artifact(std::move(model))},
            {"embeddings", make_artifact(std::move(embeddings))},
            {"top", make_artifact(std::move(top))},
            {"curve", make_artifact(torch_helper::curve_table(result, task.metric_name()))}};
}

}  // namespace

void register_sequence_model(Registry& registry, Architecture architecture) {
    OperatorSpec spec = sequence_model_spec(architecture);
    auto shared = std::make_shared<const Architecture>(std::move(architecture));
    registry.add_operator(std::move(spec), [shared](Context& ctx, const Inputs& inputs, const Params& params) {
        return run_sequence_model(*shared, ctx, inputs, params);
    });
    registry.add_recommender_loader(shared->format, sequence_recommender_loader(*shared));
}

}  // namespace persona::sequential
