// model.kmeans: k-means segments of a per-user table, the Model (centers, scaling) and each row's segment.
#include "feature_params.h"
#include "kmeans.h"
#include "kmeans_model.h"
#include "operators.h"
#include "persona/context.h"
#include "persona/error.h"

namespace persona::clustering {

namespace {

constexpr const char* kOp = "model.kmeans";

KMeansOptions kmeans_options(Context& ctx, const Params& params, int64_t rows) {
    KMeansOptions options;
    options.k = params.integer("k");
    options.restarts = params.integer("restarts");
    options.max_iter = params.integer("max_iter");
    options.tol = params.number("tol");
    options.seed = ctx.seed();
    options.threads = ctx.threads();
    if (options.k > rows)
        throw Error(std::string(kOp) + ": param 'k' is " + std::to_string(options.k) + " but the table has only " +
                    std::to_string(rows) + " rows (k must be <= rows)");
    return options;
}

Table assignments_table(const std::string& id, const FeatureMatrix& features, const KMeansFit& fit) {
    Table out;
    out.add_int64(id, features.ids);
    out.add_int64("cluster", fit.labels);
    out.add_float64("cluster_distance", fit.distances);
    return out;
}

void note_fit(Context& ctx, const KMeansFit& fit) {
    int64_t empty = 0;
    for (int64_t s : fit.sizes) empty += s == 0 ? 1 : 0;
    ctx.note("inertia", fit.inertia);
    ctx.note("iterations", fit.iterations);
    ctx.note("restart", fit.restart);
    ctx.note("converged", fit.converged);
    if (!fit.converged)
        ctx.warn("the kept run stopped at max_iter = " + std::to_string(fit.iterations) + " before meeting tol");
    if (empty > 0) {
        ctx.note("empty_segments", empty);
        ctx.warn(std::to_string(empty) + " segments are empty: the table has fewer distinct rows than k");
    }
}

Outputs run_kmeans(Context& ctx, const Inputs& inputs, const Params& params) {
    const FeatureOptions feature_opts = feature_options(params);
    const FeatureMatrix features = build_feature_matrix(inputs.table("users"), feature_opts, kOp);
    note_feature_facts(ctx, features);
    const KMeansOptions options = kmeans_options(ctx, params, features.rows());
    ctx.progress(0.05, std::to_string(features.rows()) + " rows x " + std::to_string(features.cols()) + " features");
    const KMeansFit fit = fit_kmeans(features.values, options);
    ctx.check_cancelled();
    note_fit(ctx, fit);

    const KMeansModel km = make_kmeans_model(features, fit);
    Model model;
    model.format = "kmeans";
    model.metadata = kmeans_metadata(km, fit, options);
    model.bytes = serialize_kmeans(km);
    ctx.progress(1.0, "inertia " + std::to_string(fit.inertia));
    return {{"model", make_artifact(std::move(model))},
            {"assignments", make_artifact(assignments_table(feature_opts.id, features, fit))}};
}

}  // namespace

void register_kmeans(Registry& registry) {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.2.0";
    spec.doc = "k-means segments of a per-user table (k-means++ restarts, built-in z-scoring and log1p)";
    spec.input("users", Kind::Table, "one row per user: an int64 id column and numeric feature columns");
    spec.output("model", Kind::Model,
                "format 'kmeans': features, log1p, scaling (means, stds), centers in original and standardized units");
    spec.output("assignments", Kind::Table,
                "id, segment (int64, 0 = the largest), distance (to the segment's center, in clustering units)");
    add_feature_params(spec);
    spec.param("k", ParamType::Int, 5, "number of segments").range(1, 100000);
    spec.param("restarts", ParamType::Int, 10, "k-means++ seeded runs; the lowest inertia is kept").range(1, 10000);
    spec.param("max_iter", ParamType::Int, 300, "Lloyd iterations per run").range(1, 1000000);
    spec.param("tol", ParamType::Float, 1e-4,
               "stop when the summed squared center shift <= tol x the mean feature variance")
        .at_least(0);
    registry.add_operator(std::move(spec), run_kmeans);
}

}  // namespace persona::clustering
