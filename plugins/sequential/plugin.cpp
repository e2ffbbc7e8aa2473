// The persona_sequential plugin entry point: the sequence-model operators.
#include "architectures.h"

namespace {

void register_sequential(persona::Registry& registry) {
    persona::sequential::register_sasrec(registry);
    persona::sequential::register_hstu(registry);
    persona::sequential::register_gru4rec(registry);
    persona::sequential::register_caser(registry);
    persona::sequential::register_bsarec(registry);
}

}  // namespace

PERSONA_PLUGIN("persona_sequential", "0.1.0", register_sequential)
