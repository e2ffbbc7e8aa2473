// The persona_tabular plugin entry point.
#include "operators.h"

namespace {

void register_tabular(persona::Registry& registry) { persona::tabular::register_mlp(registry); }

}  // namespace

PERSONA_PLUGIN("persona_tabular", "0.1.0", register_tabular)
