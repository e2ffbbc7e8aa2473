// model.itemknn: item-item cosine neighbors from the binary (or count) user-item matrix.
#include "interaction_columns.h"
#include "interaction_matrix.h"
#include "item_similarity.h"
#include "itemknn_model.h"
#include "operators.h"
#include "persona/context.h"

namespace persona::models {

namespace {

constexpr const char* kOp = "model.itemknn";

Outputs run_itemknn(Context& ctx, const Inputs& inputs, const Params& params) {
    const Table& train = inputs.table("train");
    const Column& users = require_int64_column(train, params.text("user"), "user", kOp);
    const Column& items = require_int64_column(train, params.text("item"), "item", kOp);
    const bool count_weighting = params.text("weighting") == "count";

    int64_t bad_rows = 0;
    InteractionMatrix matrix = build_interaction_matrix(users.ints, items.ints, count_weighting, bad_rows);
    ctx.note("bad_rows", bad_rows);
    if (bad_rows > 0)
        ctx.warn(std::to_string(bad_rows) + " of " + std::to_string(train.rows()) +
                 " rows have a null user or item and were skipped");
    if (matrix.items() == 0)
        throw Error(std::string(kOp) + ": the train table has no rows with both a user and an item (rows: " +
                    std::to_string(train.rows()) + ")");

    SimilarityOptions options;
    options.shrink = params.number("shrink");
    options.neighbors = params.integer("neighbors");
    options.threads = ctx.threads();
    ItemKnnModel knn = compute_item_neighbors(matrix, options, ctx);
    knn.recency_decay = params.number("recency_decay");

    Model model;
    model.format = "itemknn";
    model.metadata = Json{{"items", matrix.items()},       {"users", matrix.users},
                          {"pairs", matrix.user_items.size()}, {"neighbors", options.neighbors},
                          {"stored_neighbors", knn.neighbors.size()}, {"shrink", options.shrink},
                          {"weighting", params.text("weighting")}, {"recency_decay", knn.recency_decay}};
    model.bytes = serialize_itemknn(knn);
    ctx.progress(1.0, std::to_string(knn.neighbors.size()) + " neighbor pairs");
    return {{"model", make_artifact(std::move(model))}};
}

}  // namespace

void register_itemknn(Registry& registry) {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.1.0";
    spec.doc = "Item-kNN: cosine item-item neighbors; scores a candidate by its similarity to the history";
    spec.input("train", Kind::Table, "interactions (user, item)");
    spec.output("model", Kind::Model, "format 'itemknn': top neighbors per item");
    spec.param("user", ParamType::String, "user", "user id column (int64)");
    spec.param("item", ParamType::String, "item", "item id column (int64)");
    spec.param("weighting", ParamType::String, "binary", "matrix cell: 1 per user-item pair, or the pair's count")
        .one_of({"binary", "count"});
    spec.param("shrink", ParamType::Float, 0.0, "sim = dot / (|a| |b| + shrink)").at_least(0);
    spec.param("neighbors", ParamType::Int, 100, "neighbors kept per item").range(1, 100000);
    spec.param("recency_decay", ParamType::Float, 0.0,
               "weight the i-th most recent history item by (1 - decay)^i when scoring (0 = all equal)")
        .range(0, 1);
    registry.add_operator(std::move(spec), run_itemknn);
    registry.add_recommender_loader("itemknn", load_itemknn_recommender);
}

}  // namespace persona::models
