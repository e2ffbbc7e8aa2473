// The persona_models plugin entry point.
#include "operators.h"

namespace {

void register_models(persona::Registry& registry) {
    persona::models::register_popularity(registry);
    persona::models::register_itemknn(registry);
    persona::models::register_ensemble(registry);
}

}  // namespace

PERSONA_PLUGIN("persona_models", "0.1.0", register_models)
