// The persona_profiles plugin: user profiles from events (transactions, behaviour, RFM, lifecycle,
// interests, identity resolution, assembly, tags from rules).
#include "operators.h"

static void register_profiles(persona::Registry& registry) {
    persona::profiles::register_transactions(registry);
    persona::profiles::register_behavior(registry);
    persona::profiles::register_rfm(registry);
    persona::profiles::register_lifecycle(registry);
    persona::profiles::register_interests(registry);
    persona::profiles::register_identity(registry);
    persona::profiles::register_assemble(registry);
    persona::profiles::register_tags(registry);
}

PERSONA_PLUGIN("persona_profiles", "0.1.0", register_profiles)
