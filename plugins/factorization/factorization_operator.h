// register_factorization_model: the operator both models share (data, BPR training, outputs, loader).
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "embedding_model.h"
#include "interaction_data.h"
#include "persona/plugin.h"
#include "persona/torch/training.h"

namespace persona::factorization {

// Defaults of the params both models have, where the models differ.
struct ModelDefaults {
    int64_t dim = 64;
    double reg = 1e-4;
    int64_t negatives = 1;
};

// What differs between the factorization models: names, defaults, own params and how to build the module.
struct ModelKind {
    std::string op;       // operator name, e.g. "model.bpr_mf"
    std::string format;   // Model format and loader name, e.g. "bpr_mf"
    std::string version;
    std::string doc;
    ModelDefaults defaults;                              // dim, reg, negatives defaults
    torch_helper::TrainConfig training;                  // training param defaults
    std::function<void(OperatorSpec&)> declare_params;   // the model's own params (may be empty)
    // Builds the module (on the CPU) for the train data.
    std::function<std::shared_ptr<EmbeddingModel>(const Params&, const EmbeddingShape&, const InteractionData&)> make;
    // Model metadata fields of the model's own params (may be empty).
    std::function<Json(const Params&)> metadata;
};

// Registers the operator and the Recommender loader of the kind's format.
void register_factorization_model(Registry& registry, ModelKind kind);

}  // namespace persona::factorization
