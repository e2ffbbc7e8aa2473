// The persona_clustering plugin entry point.
#include "operators.h"

namespace {

void register_clustering(persona::Registry& registry) {
    persona::clustering::register_kmeans(registry);
    persona::clustering::register_dbscan(registry);
    persona::clustering::register_clustering_metric(registry);
}

}  // namespace

PERSONA_PLUGIN("persona_clustering", "0.1.0", register_clustering)
