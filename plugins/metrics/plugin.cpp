// The persona_metrics plugin entry point.
#include "operators.h"

namespace {

void register_metrics(persona::Registry& registry) { persona::metrics::register_ranking(registry); }

}  // namespace

PERSONA_PLUGIN("persona_metrics", "0.1.0", register_metrics)
