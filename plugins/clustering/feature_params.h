// The params every clustering operator shares (features, id, log1p, standardize) and the notes they produce.
#pragma once
#include "feature_matrix.h"
#include "persona/context.h"
#include "persona/operator.h"

namespace persona::clustering {

// Declares features, id, log1p and standardize on `spec`.
void add_feature_params(OperatorSpec& spec);

// Reads them back from a step's params.
FeatureOptions feature_options(const Params& params);

// Records the preparation facts (imputed cells, log1p domain, constant columns) as notes and warnings.
void note_feature_facts(Context& ctx, const FeatureMatrix& features);

}  // namespace persona::clustering
