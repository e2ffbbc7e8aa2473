// The persona_value plugin entry point.
#include "operators.h"

namespace {

void register_value(persona::Registry& registry) {
    persona::value::register_bgnbd(registry);
    persona::value::register_value_metric(registry);
}

}  // namespace

PERSONA_PLUGIN("persona_value", "0.1.0", register_value)
