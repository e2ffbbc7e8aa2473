// The registration functions of the clustering plugin, one per operator.
#pragma once
#include "persona/plugin.h"

namespace persona::clustering {

void register_kmeans(Registry& registry);             // model.kmeans
void register_dbscan(Registry& registry);             // model.dbscan
void register_clustering_metric(Registry& registry);  // metric.clustering

}  // namespace persona::clustering
