// Applying `--set KEY=VALUE` overrides to a pipeline being read (private to the DSL).
#pragma once
#include <vector>

#include "yaml_values.h"

namespace persona::dsl::detail {

// Applies params.NAME, seed, device and name overrides (before interpolation) and forgets the
// file locations of overridden param strings. Step overrides are left for apply_step_overrides;
// any other key throws PipelineError at file:0:0.
void apply_setting_overrides(const std::vector<Override>& overrides, Pipeline& pipeline, StringLocations& params_where);

// Applies STEP.PARAM overrides (after interpolation); an unknown STEP throws PipelineError at file:0:0.
void apply_step_overrides(const std::vector<Override>& overrides, Pipeline& pipeline);

}  // namespace persona::dsl::detail
