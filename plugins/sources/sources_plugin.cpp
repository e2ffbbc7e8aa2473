// The plugin entry point of persona_sources: registers every source operator.
#include "persona/plugin.h"
#include "sources.h"

namespace {

void register_sources(persona::Registry& registry) {
    persona::sources::register_csv_source(registry);
    persona::sources::register_movielens_source(registry);
    persona::sources::register_sequences_source(registry);
    persona::sources::register_synthetic_source(registry);
}

}  // namespace

PERSONA_PLUGIN("persona_sources", "0.1.0", register_sources)
