// The persona_classification plugin: features and scoring for predicting user attributes
// (transform.tfidf, transform.bins, metric.classification). The classifier is model.mlp (plugins/tabular).
#include "operators.h"

static void register_classification(persona::Registry& registry) {
    persona::classification::register_tfidf(registry);
    persona::classification::register_bins(registry);
    persona::classification::register_classification_metric(registry);
}

PERSONA_PLUGIN("persona_classification", "0.1.0", register_classification)
