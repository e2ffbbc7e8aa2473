// metric.clustering: silhouette, Davies-Bouldin, segments and noise share per model (with input truth: adjusted
// Rand index and purity against known classes), and a segments table that profiles each segment.
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "cluster_quality.h"
#include "feature_params.h"
#include "operators.h"
#include "persona/context.h"
#include "persona/error.h"
#include "random_draws.h"
#include "segment_profiles.h"

namespace persona::clustering {

namespace {

constexpr const char* kOp = "metric.clustering";

// The feature rows of one model's assignments, joined on the id.
struct JoinedSegments {
    std::vector<int64_t> rows;         // matched feature rows, ascending
    std::vector<int64_t> labels;       // per feature row: its segment (only meaningful for `rows`)
    int64_t unmatched_assignments = 0; // assignment rows with a null id or segment, or an id not in the features
    int64_t unassigned_rows = 0;       // feature rows no assignment names
};

// id -> feature row; throws on a duplicate id (the join would be ambiguous). Null ids are left out.
std::unordered_map<int64_t, int64_t> index_ids(const FeatureMatrix& features, const std::string& id) {
    std::unordered_map<int64_t, int64_t> index;
    for (int64_t r = 0; r < features.rows(); ++r) {
        const int64_t v = features.ids[r];
        if (v == kNullInt) continue;
        if (!index.emplace(v, r).second)
            throw Error(std::string(kOp) + ": the features table has id " + std::to_string(v) + " twice in column '" +
                        id + "' (expected one row per id)");
    }
    return index;
}

const Column& require_int64(const Table& table, const std::string& name, const std::string& param,
                            const std::string& label) {
    if (!table.has(name) || table.column(name).type != ColumnType::Int64)
        throw Error(std::string(kOp) + ": assignments of '" + label + "' need an int64 column '" + name +
                    "' (param '" + param + "')" + (table.has(name) ? ", it is " + std::string(to_string(table.column(name).type)) : ""));
    return table.column(name);
}

JoinedSegments join_assignments(const Input& input, const FeatureMatrix& features,
                                const std::unordered_map<int64_t, int64_t>& index, const Params& params) {
    const Table& table = input.artifact->table();
    const Column& ids = require_int64(table, params.text("id"), "id", input.label);
    const Column& segments = require_int64(table, params.text("cluster"), "cluster", input.label);
    JoinedSegments joined;
    joined.labels.assign(static_cast<size_t>(features.rows()), kNullInt);
    for (int64_t r = 0; r < table.rows(); ++r) {
        const auto it = ids.ints[r] == kNullInt ? index.end() : index.find(ids.ints[r]);
        if (it == index.end() || segments.ints[r] == kNullInt) {
            ++joined.unmatched_assignments;
            continue;
        }
        if (joined.labels[it->second] != kNullInt)
            throw Error(std::string(kOp) + ": assignments of '" + input.label + "' give id " +
                        std::to_string(ids.ints[r]) + " twice");
        joined.labels[it->second] = segments.ints[r] < 0 ? -1 : segments.ints[r];
    }
    for (int64_t r = 0; r < features.rows(); ++r) {
        if (joined.labels[r] == kNullInt)
            ++joined.unassigned_rows;
        else
            joined.rows.push_back(r);
    }
    if (joined.rows.empty())
        throw Error(std::string(kOp) + ": no id of the assignments of '" + input.label +
                    "' is in the features table (column '" + params.text("id") + "')");
    return joined;
}

Metrics::Row quality_row(Context& ctx, const std::string& label, const FeatureMatrix& features, const JoinedSegments& joined,
                         int64_t sample, uint64_t seed) {
    std::vector<int64_t> clustered;  // rows in a segment (noise left out)
    for (int64_t r : joined.rows)
        if (joined.labels[r] >= 0) clustered.push_back(r);
    int64_t segments = 0;
    {
        std::vector<int64_t> seen;
        for (int64_t r : clustered) seen.push_back(joined.labels[r]);
        std::sort(seen.begin(), seen.end());
        segments = std::unique(seen.begin(), seen.end()) - seen.begin();
    }
    const int64_t m = static_cast<int64_t>(clustered.size());
    std::vector<int64_t> sampled = clustered;
    if (sample > 0 && m > sample) {
        RandomDraws draws(mix_seed(seed, 0));
        sampled.clear();
        for (int64_t i : draws.sample(m, sample)) sampled.push_back(clustered[i]);
    }
    Metrics::Row row;
    row.label = label;
    row.set("segments", static_cast<double>(segments));
    row.set("noise_share", static_cast<double>(joined.rows.size() - clustered.size()) / joined.rows.size());
    const double sil = silhouette(features.values, joined.labels, sampled);
    const double db = davies_bouldin(features.values, joined.labels, clustered);
    if (!std::isnan(sil)) row.set("silhouette", sil);
    if (!std::isnan(db)) row.set("davies_bouldin", db);
    if (std::isnan(sil) || std::isnan(db))
        ctx.warn(label + ": fewer than 2 segments (in the silhouette sample), so no silhouette or Davies-Bouldin index");
    row.set("rows", static_cast<double>(joined.rows.size()));
    row.set("silhouette_rows", static_cast<double>(sampled.size()));
    return row;
}

// The known class of each feature row (kNullInt when the truth has none), from input `truth`: id -> class code.
std::vector<int64_t> truth_classes(const Table& truth, const FeatureMatrix& features, const Params& params) {
    const std::string id = params.text("id"), column = params.text("truth_column");
    if (column.empty())
        throw Error(std::string(kOp) + ": input 'truth' is connected, so param 'truth_column' must name its class column");
    if (!truth.has(id) || truth.column(id).type != ColumnType::Int64)
        throw Error(std::string(kOp) + ": input 'truth' needs an int64 id column '" + id + "' (param 'id')");
    if (!truth.has(column) || (truth.column(column).type != ColumnType::Int64 && truth.column(column).type != ColumnType::String))
        throw Error(std::string(kOp) + ": input 'truth' needs a string or int64 class column '" + column +
                    "' (param 'truth_column')");
    const Column& ids = truth.column(id);
    const Column& classes = truth.column(column);
    std::unordered_map<int64_t, int64_t> class_of;
    for (int64_t r = 0; r < truth.rows(); ++r)
        if (ids.ints[r] != kNullInt && !classes.is_null(r)) class_of[ids.ints[r]] = classes.ints[r];
    std::vector<int64_t> out(static_cast<size_t>(features.rows()), kNullInt);
    for (int64_t r = 0; r < features.rows(); ++r)
        if (auto it = class_of.find(features.ids[r]); it != class_of.end()) out[r] = it->second;
    return out;
}

// Adds adjusted_rand, purity and truth_rows: the model's segments (noise as one more) against the known classes.
void add_truth_scores(Metrics::Row& row, const JoinedSegments& joined, const std::vector<int64_t>& classes) {
    std::vector<int64_t> segments, known;
    for (int64_t r : joined.rows)
        if (classes[r] != kNullInt) segments.push_back(joined.labels[r]), known.push_back(classes[r]);
    const TruthAgreement agreement = truth_agreement(segments, known);
    if (!std::isnan(agreement.adjusted_rand)) row.set("adjusted_rand", agreement.adjusted_rand);
    if (!std::isnan(agreement.purity)) row.set("purity", agreement.purity);
    row.set("truth_rows", static_cast<double>(agreement.rows));
}

Outputs run_clustering_metric(Context& ctx, const Inputs& inputs, const Params& params) {
    const std::vector<Input>& models = inputs.all("assignments");
    if (models.empty()) throw Error(std::string(kOp) + ": connect at least one assignments table to 'assignments'");
    const FeatureMatrix features = build_feature_matrix(inputs.table("features"), feature_options(params), kOp);
    note_feature_facts(ctx, features);
    const auto index = index_ids(features, params.text("id"));
    const bool has_truth = inputs.has("truth");
    if (!has_truth && !params.text("truth_column").empty())
        throw Error(std::string(kOp) + ": param 'truth_column' is set but input 'truth' is not connected");
    const std::vector<int64_t> classes = has_truth ? truth_classes(inputs.table("truth"), features, params) : std::vector<int64_t>{};

    Metrics metrics;
    SegmentTableBuilder segments(features.names);
    Json unmatched = Json::object(), unassigned = Json::object();
    for (size_t m = 0; m < models.size(); ++m) {
        const JoinedSegments joined = join_assignments(models[m], features, index, params);
        const std::string& label = models[m].label;
        unmatched[label] = joined.unmatched_assignments;
        unassigned[label] = joined.unassigned_rows;
        if (joined.unmatched_assignments > 0)
            ctx.warn(label + ": " + std::to_string(joined.unmatched_assignments) +
                     " assignment rows have a null id or segment or an id not in the features, and were left out");
        metrics.rows.push_back(quality_row(ctx, label, features, joined, params.integer("sample"), ctx.seed()));
        if (has_truth) add_truth_scores(metrics.rows.back(), joined, classes);
        segments.add(label, profile_segments(features, joined.labels, joined.rows));
        ctx.check_cancelled();
        ctx.progress(static_cast<double>(m + 1) / models.size(), label);
    }
    ctx.note("unmatched_assignments", unmatched);
    ctx.note("unassigned_rows", unassigned);
    return {{"metrics", make_artifact(std::move(metrics))}, {"segments", make_artifact(segments.finish())}};
}

}  // namespace

void register_clustering_metric(Registry& registry) {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.2.0";
    spec.doc = "Silhouette, Davies-Bouldin, segments and noise share per model (and agreement with known classes), "
               "and a described profile per segment";
    spec.input("features", Kind::Table, "the per-user table the models clustered (id + feature columns)");
    spec.input("assignments", Kind::Table, "assignments of one or more models (id, segment); rows labelled by step id",
               true);
    spec.input("truth", Kind::Table, "optional known classes (id + param truth_column) the segments are compared with",
               false, true);
    spec.output("metrics", Kind::Metrics,
                "one row per model: segments, noise_share, silhouette, davies_bouldin, rows, silhouette_rows; with truth "
                "also adjusted_rand, purity, truth_rows");
    spec.output("segments", Kind::Table,
                "model, segment, size, share, description, and per feature f: f_mean, f_overall, f_z");
    add_feature_params(spec);
    spec.param("cluster", ParamType::String, "cluster", "segment column of the assignments (int64; < 0 = noise)");
    spec.param("truth_column", ParamType::String, "", "class column of input truth (string or int64)");
    spec.param("sample", ParamType::Int, 2000, "rows (seeded sample) the silhouette is computed on; 0 = every row")
        .at_least(0);
    registry.add_operator(std::move(spec), run_clustering_metric);
}

}  // namespace persona::clustering
