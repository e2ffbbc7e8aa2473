// metric.ranking: full-ranking HR@K, Recall@K, NDCG@K and MRR of recommenders on held-out interactions.
#include <algorithm>
#include <cmath>
#include <limits>
#include <chrono>
#include <thread>
#include <unordered_map>

#include "operators.h"
#include "persona/context.h"
#include "persona/error.h"
#include "rank_counting.h"
#include "user_rows.h"

namespace persona::metrics {

namespace {

constexpr const char* kOp = "metric.ranking";

// The users evaluated (those with truth rows) with their truth items and their seen history, if any.
struct EvaluationData {
    UserRows truth;
    UserRows seen;                    // all seen tables concatenated per user; empty when none is connected
    std::vector<int64_t> seen_index;  // per truth user: its position in seen, -1 when it has no history
};

// One model's view of the evaluation data: score-matrix columns of items (-1 = unknown to the model).
struct ColumnLookup {
    std::vector<int32_t> truth_cols;  // aligned with truth.items
    std::vector<int32_t> seen_cols;   // aligned with seen.items
};

// Reusable per-thread buffers for evaluating one user.
struct UserScratch {
    std::vector<int32_t> cols;
    std::vector<float> saved;
    std::vector<int64_t> ranks;
};

// The seen tables' columns, in input order; says how histories are ordered when not every table has a time column.
std::vector<HistorySource> history_sources(Context& ctx, const Inputs& inputs, const Params& params) {
    const std::string user = params.text("user"), item = params.text("item"), time = params.text("time");
    std::vector<HistorySource> sources;
    std::string without_time;
    const std::vector<Input>& seen = inputs.all("seen");
    for (size_t i = 0; i < seen.size(); ++i) {
        const Table& table = seen[i].artifact->table();
        const std::string name =
            seen.size() == 1 ? "seen" : "seen #" + std::to_string(i + 1) + " (" + seen[i].label + ")";
        HistorySource source;
        source.users = &require_int64_column(table, user, "user", name);
        source.items = &require_int64_column(table, item, "item", name);
        if (table.has(time)) source.times = &require_int64_column(table, time, "time", name);
        else without_time += (without_time.empty() ? "" : ", ") + name;
        sources.push_back(source);
    }
    if (!without_time.empty())
        ctx.info(without_time + " has no time column '" + time + "': histories follow input order, then row order");
    return sources;
}

EvaluationData load_evaluation_data(Context& ctx, const Inputs& inputs, const Params& params) {
    EvaluationData data;
    const Table& truth = inputs.table("truth");
    data.truth = group_truth(require_int64_column(truth, params.text("user"), "user", "truth"),
                             require_int64_column(truth, params.text("item"), "item", "truth"));
    data.seen = group_histories(history_sources(ctx, inputs, params));
    const int64_t bad_rows = data.truth.bad_rows + data.seen.bad_rows;
    ctx.note("bad_rows", bad_rows);
    if (bad_rows > 0)
        ctx.warn(std::to_string(data.truth.bad_rows) + " truth rows and " + std::to_string(data.seen.bad_rows) +
                 " seen rows have a null user or item and were skipped");
    if (data.truth.size() == 0)
        throw Error(std::string(kOp) + ": the truth table has no rows with both a user and an item (rows: " +
                    std::to_string(truth.rows()) + ")");
    data.seen_index.resize(data.truth.size());
    for (int64_t e = 0; e < data.truth.size(); ++e) data.seen_index[e] = data.seen.position(data.truth.users[e]);
    return data;
}

ColumnLookup map_to_columns(const Recommender& rec, const EvaluationData& data) {
    const std::vector<int64_t>& ids = rec.item_ids();
    std::unordered_map<int64_t, int32_t> column_of;
    column_of.reserve(ids.size());
    for (size_t c = 0; c < ids.size(); ++c) column_of.emplace(ids[c], static_cast<int32_t>(c));
    auto lookup = [&](const std::vector<int64_t>& items) {
        std::vector<int32_t> cols(items.size());
        for (size_t k = 0; k < items.size(); ++k) {
            auto it = column_of.find(items[k]);
            cols[k] = it == column_of.end() ? -1 : it->second;
        }
        return cols;
    };
    return ColumnLookup{lookup(data.truth.items), lookup(data.seen.items)};
}

// Masks the user's seen items (truth items keep their score), ranks the truth items and writes the metrics.
void evaluate_user(const EvaluationData& data, const ColumnLookup& lookup, int64_t e, float* row, int64_t n,
                   const UserMetrics& metrics, UserScratch& s, double* out) {
    s.cols.clear();
    for (int64_t k = data.truth.offsets[e]; k < data.truth.offsets[e + 1]; ++k)
        if (lookup.truth_cols[k] >= 0) s.cols.push_back(lookup.truth_cols[k]);
    const int64_t known = static_cast<int64_t>(s.cols.size());
    const int64_t truth_total = data.truth.offsets[e + 1] - data.truth.offsets[e];

    s.saved.resize(known);
    for (int64_t t = 0; t < known; ++t) s.saved[t] = row[s.cols[t]];
    if (const int64_t h = data.seen_index[e]; h >= 0)
        for (int64_t k = data.seen.offsets[h]; k < data.seen.offsets[h + 1]; ++k)
            if (lookup.seen_cols[k] >= 0) row[lookup.seen_cols[k]] = -std::numeric_limits<float>::infinity();
    for (int64_t t = 0; t < known; ++t) row[s.cols[t]] = s.saved[t];

    s.ranks.resize(known);
    rank_truth_items(row, n, s.cols.data(), known, s.ranks.data());
    metrics.compute(s.ranks.data(), known, truth_total, out);
}

// Runs fn(worker, begin, end) over [0, count) in contiguous slices, one per worker (the caller is worker 0).
template <class Fn> void parallel_slices(int threads, int64_t count, Fn fn) {
    const int64_t workers = std::max<int64_t>(1, std::min<int64_t>(threads, count));
    std::vector<std::thread> pool;
    for (int64_t w = 1; w < workers; ++w)
        pool.emplace_back(fn, static_cast<size_t>(w), count * w / workers, count * (w + 1) / workers);
    fn(size_t{0}, int64_t{0}, count / workers);
    for (auto& t : pool) t.join();
}

// The evaluated users ordered by history length, longest first (ties in user order), so that a batch holds
// histories of similar length: a recommender that pads a batch to its longest history then pads little.
// Longest first: the largest buffers come first, so glibc raises its mmap threshold at once and later
// (smaller) batches reuse heap memory instead of mapping and page-faulting fresh memory each time.
std::vector<int64_t> users_by_history_length(const EvaluationData& data) {
    const int64_t users = data.truth.size();
    std::vector<int64_t> length(static_cast<size_t>(users), 0), order(static_cast<size_t>(users));
    for (int64_t e = 0; e < users; ++e) {
        order[e] = e;
        if (const int64_t s = data.seen_index[e]; s >= 0) length[e] = data.seen.offsets[s + 1] - data.seen.offsets[s];
    }
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return length[a] > length[b]; });
    return order;
}

// The histories of the evaluated users order[begin, end).
void fill_histories(const EvaluationData& data, const std::vector<int64_t>& order, int64_t begin, int64_t end,
                    std::vector<UserHistory>& batch) {
    batch.clear();
    for (int64_t i = begin; i < end; ++i) {
        const int64_t e = order[i];
        UserHistory h;
        h.user = data.truth.users[e];
        if (const int64_t s = data.seen_index[e]; s >= 0) {
            h.items = data.seen.items.data() + data.seen.offsets[s];
            h.length = data.seen.offsets[s + 1] - data.seen.offsets[s];
        }
        batch.push_back(h);
    }
}

// Seconds since `start` (wall clock), for the timing notes.
double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Metrics::Row evaluate_model(Context& ctx, const Input& input, const EvaluationData& data, const UserMetrics& metrics,
                            int64_t batch_size, double progress_base, double progress_span, Json& timings) {
    auto start = std::chrono::steady_clock::now();
    std::unique_ptr<Recommender> rec;
    try {
        rec = ctx.load_recommender(input.artifact->model());
    } catch (const Error& e) {
        throw Error(std::string(kOp) + ": cannot open model '" + input.label + "': " + e.what());
    }
    const int64_t n = static_cast<int64_t>(rec->item_ids().size());
    const ColumnLookup lookup = map_to_columns(*rec, data);
    const int64_t users = data.truth.size();
    const size_t width = metrics.width();

    const std::vector<int64_t> order = users_by_history_length(data);
    std::vector<float> scores(static_cast<size_t>(std::min(batch_size, users)) * n);
    std::vector<double> values(static_cast<size_t>(users) * width);  // per user, in user order
    std::vector<UserHistory> histories;
    std::vector<UserScratch> scratch(std::max(1, ctx.threads()));
    const double load_seconds = seconds_since(start);
    double score_seconds = 0;
    for (int64_t begin = 0; begin < users; begin += batch_size) {
        const int64_t end = std::min(users, begin + batch_size);
        fill_histories(data, order, begin, end, histories);
        start = std::chrono::steady_clock::now();
        rec->score(histories, scores.data());
        score_seconds += seconds_since(start);
        parallel_slices(ctx.threads(), end - begin, [&](size_t worker, int64_t lo, int64_t hi) {
            UserScratch& s = scratch[worker];
            for (int64_t b = lo; b < hi; ++b) {
                const int64_t e = order[begin + b];
                evaluate_user(data, lookup, e, scores.data() + b * n, n, metrics, s, values.data() + e * width);
            }
        });
        ctx.check_cancelled();
        ctx.progress(progress_base + progress_span * end / users,
                     input.label + ": " + std::to_string(end) + "/" + std::to_string(users) + " users");
    }
    timings[input.label] = Json{{"load", load_seconds}, {"score", score_seconds}};
    std::vector<double> totals(width, 0.0);
    for (int64_t e = 0; e < users; ++e)  // summed in user order: the same bits for any thread count and batch size
        for (size_t m = 0; m < width; ++m) totals[m] += values[e * width + m];

    Metrics::Row row;
    row.label = input.label;
    const size_t nk = metrics.ks().size();
    const char* names[] = {"HR@", "Recall@", "NDCG@"};
    for (size_t family = 0; family < 3; ++family)
        for (size_t k = 0; k < nk; ++k)
            row.set(names[family] + std::to_string(metrics.ks()[k]), totals[family * nk + k] / users);
    row.set("MRR", totals[3 * nk] / users);
    row.set("users", static_cast<double>(users));
    return row;
}

std::vector<int64_t> distinct_cutoffs(std::vector<int64_t> ks) {
    std::vector<int64_t> out;
    for (int64_t k : ks)
        if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
    return out;
}

Outputs run_ranking(Context& ctx, const Inputs& inputs, const Params& params) {
    const std::vector<Input>& models = inputs.all("models");
    if (models.empty()) throw Error(std::string(kOp) + ": connect at least one model to 'models'");
    const auto start = std::chrono::steady_clock::now();
    const EvaluationData data = load_evaluation_data(ctx, inputs, params);
    Json timings{{"data", seconds_since(start)}};
    const UserMetrics metrics(distinct_cutoffs(params.integers("k")));
    const int64_t batch_size = params.integer("batch");

    Metrics result;
    for (size_t m = 0; m < models.size(); ++m) {
        const double span = 1.0 / static_cast<double>(models.size());
        result.rows.push_back(evaluate_model(ctx, models[m], data, metrics, batch_size, m * span, span, timings));
    }
    ctx.note("seconds", timings);  // wall time: reading the data, and per model loading it and scoring
    return {{"metrics", make_artifact(std::move(result))}};
}

}  // namespace

void register_ranking(Registry& registry) {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.2.0";
    spec.doc = "Full-ranking HR@K, Recall@K, NDCG@K and MRR over all items each model knows";
    spec.input("models", Kind::Model, "recommenders to evaluate; each row is labelled by its step id", true);
    spec.input("truth", Kind::Table, "held-out interactions (user, item), e.g. split.test");
    spec.input("seen", Kind::Table,
               "known history tables (user, item, optional time), e.g. [split.train, split.valid]: concatenated per "
               "user in time order, scored from and masked",
               true, true);
    spec.output("metrics", Kind::Metrics, "one row per model, in input order");
    spec.param("k", ParamType::IntList, Json::array({10, 20}), "cutoffs K of HR@K, Recall@K and NDCG@K").at_least(1);
    spec.param("user", ParamType::String, "user", "user id column (int64) of truth and seen");
    spec.param("item", ParamType::String, "item", "item id column (int64) of truth and seen");
    spec.param("time", ParamType::String, "ts",
               "time column (int64) ordering seen histories; input order, then row order, if a seen table lacks it");
    spec.param("batch", ParamType::Int, 256, "users scored per batch").range(1, 1000000);
    registry.add_operator(std::move(spec), run_ranking);
}

}  // namespace persona::metrics
