// The persona_factorization plugin entry point.
#include "operators.h"

namespace {

void register_factorization(persona::Registry& registry) {
    persona::factorization::register_bpr_mf(registry);
    persona::factorization::register_lightgcn(registry);
}

}  // namespace

PERSONA_PLUGIN("persona_factorization", "0.1.0", register_factorization)
