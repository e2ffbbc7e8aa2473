// The registration functions of the classification plugin, one per operator (plugin.cpp calls them all).
#pragma once
#include "persona/plugin.h"

namespace persona::classification {

void register_tfidf(Registry& registry);                  // transform.tfidf
void register_bins(Registry& registry);                   // transform.bins
void register_classification_metric(Registry& registry);  // metric.classification

}  // namespace persona::classification
