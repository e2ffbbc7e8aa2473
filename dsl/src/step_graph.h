// Checking how steps connect: known producers, no self-reads, no cycles (private to the DSL).
#pragma once
#include <vector>

#include "persona/dsl/pipeline.h"

namespace persona::dsl::detail {

// Throws PipelineError for an input naming an unknown step (at that input, suggesting close ids),
// a step reading from itself, or a cycle (naming its steps, at the first of them in file order).
void check_step_graph(const std::vector<Step>& steps);

}  // namespace persona::dsl::detail
