// model.popularity: counts item interactions (optionally only in the last N days).
#include <algorithm>
#include <cmath>

#include "interaction_columns.h"
#include "operators.h"
#include "persona/context.h"
#include "popularity_model.h"

namespace persona::models {

namespace {

constexpr const char* kOp = "model.popularity";
constexpr double kSecondsPerDay = 86400.0;

// The first timestamp inside the last `days` days (times in seconds); kNullInt when no time is valid.
int64_t window_start(const std::vector<int64_t>& times, double days) {
    int64_t latest = kNullInt;
    for (int64_t t : times) latest = std::max(latest, t);
    if (latest == kNullInt) return kNullInt;
    return latest - static_cast<int64_t>(std::llround(days * kSecondsPerDay));
}

Outputs run_popularity(Context& ctx, const Inputs& inputs, const Params& params) {
    const Table& train = inputs.table("train");
    const Column& items = require_int64_column(train, params.text("item"), "item", kOp);
    const double days = params.number("recent_days");
    const std::vector<int64_t>* times = nullptr;
    int64_t cutoff = kNullInt;
    if (days > 0) {
        times = &require_int64_column(train, params.text("time"), "time", kOp).ints;
        cutoff = window_start(*times, days);
    }
    int64_t bad_rows = 0;
    PopularityModel counted = count_items(items.ints, times, cutoff, bad_rows);
    ctx.note("bad_rows", bad_rows);
    if (bad_rows > 0)
        ctx.warn(std::to_string(bad_rows) + " of " + std::to_string(train.rows()) + " rows have a null item" +
                 (times ? " or time" : "") + " and were not counted");
    if (counted.item_ids.empty())
        throw Error(std::string(kOp) + ": the train table has no rows with an item (rows: " +
                    std::to_string(train.rows()) + ")");

    Model model;
    model.format = "popularity";
    model.metadata = Json{{"items", counted.item_ids.size()}, {"rows", train.rows()}, {"recent_days", days}};
    model.bytes = serialize_popularity(counted);
    ctx.progress(1.0, std::to_string(counted.item_ids.size()) + " items");
    return {{"model", make_artifact(std::move(model))}};
}

}  // namespace

void register_popularity(Registry& registry) {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.1.0";
    spec.doc = "Most-popular baseline: scores every item by its interaction count";
    spec.input("train", Kind::Table, "interactions (item, optional time)");
    spec.output("model", Kind::Model, "format 'popularity': item ids and counts");
    spec.param("item", ParamType::String, "item", "item id column (int64)");
    spec.param("time", ParamType::String, "ts", "time column in seconds (int64), used when recent_days > 0");
    spec.param("recent_days", ParamType::Float, 0.0, "count only the last N days of the time column (0 = all time)")
        .at_least(0);
    registry.add_operator(std::move(spec), run_popularity);
    registry.add_recommender_loader("popularity", load_popularity_recommender);
}

}  // namespace persona::models
