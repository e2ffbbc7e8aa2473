#include "feature_params.h"

namespace persona::clustering {

void add_feature_params(OperatorSpec& spec) {
    spec.param("features", ParamType::StringList, Json::array(),
               "numeric feature columns (int64, float64, float32 vectors expanded per component); [] = every "
               "int64/float64 column except the id");
    spec.param("id", ParamType::String, "user", "id column (int64), copied to the outputs");
    spec.param("log1p", ParamType::StringList, Json::array(),
               "feature columns replaced by log(1 + x) before scaling (skewed values such as monetary)");
    spec.param("standardize", ParamType::Bool, true,
               "z-score every feature (mean 0, std 1) so that features weigh equally in distances");
}

FeatureOptions feature_options(const Params& params) {
    FeatureOptions options;
    options.features = params.texts("features");
    options.id = params.text("id");
    options.log1p = params.texts("log1p");
    options.standardize = params.flag("standardize");
    return options;
}

void note_feature_facts(Context& ctx, const FeatureMatrix& features) {
    ctx.note("rows", features.rows());
    ctx.note("features", features.cols());
    ctx.note("imputed_cells", features.missing_cells);
    ctx.note("imputed_rows", features.rows_with_missing);
    if (features.missing_cells > 0)
        ctx.warn(std::to_string(features.missing_cells) + " missing feature cells in " +
                 std::to_string(features.rows_with_missing) + " of " + std::to_string(features.rows()) +
                 " rows were replaced by their column mean");
    if (features.log1p_out_of_domain > 0) {
        ctx.note("log1p_out_of_domain", features.log1p_out_of_domain);
        ctx.warn(std::to_string(features.log1p_out_of_domain) +
                 " cells of log1p columns are <= -1 and were treated as missing");
    }
    if (!features.constant_features.empty()) {
        ctx.note("constant_features", features.constant_features);
        std::string names;
        for (const auto& n : features.constant_features) names += (names.empty() ? "" : ", ") + n;
        ctx.warn("constant feature columns (no effect on distances): " + names);
    }
}

}  // namespace persona::clustering
