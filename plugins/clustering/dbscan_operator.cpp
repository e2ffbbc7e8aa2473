// model.dbscan: density segments of a per-user table; rows in no dense region are noise (segment -1).
#include "dbscan.h"
#include "feature_params.h"
#include "operators.h"
#include "persona/context.h"
#include "persona/error.h"

namespace persona::clustering {

namespace {

constexpr const char* kOp = "model.dbscan";

Table assignments_table(const std::string& id, const FeatureMatrix& features, const DbscanFit& fit) {
    Table out;
    out.add_int64(id, features.ids);
    out.add_int64("cluster", fit.labels);
    out.add_int64("core", std::vector<int64_t>(fit.core.begin(), fit.core.end()));
    return out;
}

Outputs run_dbscan(Context& ctx, const Inputs& inputs, const Params& params) {
    const double eps = params.number("eps");
    if (!(eps > 0)) throw Error(std::string(kOp) + ": param 'eps' must be > 0, got " + std::to_string(eps));
    const FeatureOptions feature_opts = feature_options(params);
    const FeatureMatrix features = build_feature_matrix(inputs.table("users"), feature_opts, kOp);
    note_feature_facts(ctx, features);
    ctx.progress(0.05, std::to_string(features.rows()) + " rows x " + std::to_string(features.cols()) + " features");
    const DbscanFit fit = fit_dbscan(features.values, eps, params.integer("min_points"));
    ctx.check_cancelled();
    const double noise_share = static_cast<double>(fit.noise) / static_cast<double>(features.rows());
    ctx.note("segments", fit.segments);
    ctx.note("noise", fit.noise);
    if (fit.segments == 0)
        ctx.warn("every row is noise: no row has min_points rows within eps; raise eps or lower min_points");
    ctx.progress(1.0, std::to_string(fit.segments) + " segments, noise share " + std::to_string(noise_share));
    return {{"assignments", make_artifact(assignments_table(feature_opts.id, features, fit))}};
}

}  // namespace

void register_dbscan(Registry& registry) {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.2.0";
    spec.doc = "DBSCAN density segments of a per-user table; rows in no dense region are noise (segment -1)";
    spec.input("users", Kind::Table, "one row per user: an int64 id column and numeric feature columns");
    spec.output("assignments", Kind::Table,
                "id, segment (int64, 0 = the largest, -1 = noise), core (1 for a core row)");
    add_feature_params(spec);
    spec.param("eps", ParamType::Float, 0.5,
               "neighborhood radius (Euclidean, in z-score units when standardize is on); > 0")
        .at_least(0);
    spec.param("min_points", ParamType::Int, 5, "rows within eps (the row itself included) that make a row core")
        .range(1, 1e9);
    registry.add_operator(std::move(spec), run_dbscan);
}

}  // namespace persona::clustering
