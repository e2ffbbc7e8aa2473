// The persona_transforms plugin: table-to-table transforms (clean, filter, split, sequences, keywords).
#include "operators.h"

static void register_transforms(persona::Registry& registry) {
    persona::transforms::register_clean(registry);
    persona::transforms::register_filter(registry);
    persona::transforms::register_split(registry);
    persona::transforms::register_sequences(registry);
    persona::transforms::register_keywords(registry);
}

PERSONA_PLUGIN("persona_transforms", "0.1.0", register_transforms)
