// model.lightgcn: LightGCN (He et al. 2020) — embeddings propagated over the user-item graph, BPR loss.
#include "factorization_operator.h"
#include "lightgcn.h"
#include "operators.h"

namespace persona::factorization {

void register_lightgcn(Registry& registry) {
    ModelKind kind;
    kind.op = "model.lightgcn";
    kind.format = "lightgcn";
    kind.version = "0.2.0";
    kind.doc = "LightGCN: layer-0 embeddings smoothed over the normalized user-item graph (mean of layers), BPR";
    // Defaults tuned on Amazon Beauty (README): every batch propagates the whole graph, so large batches
    // with a higher learning rate train much faster than the paper's 2048 / 1e-3 at the same quality.
    kind.defaults = ModelDefaults{64, 1e-3, 4};
    kind.training.epochs = 100;
    kind.training.batch_size = 4096;
    kind.training.lr = 1e-2;
    kind.training.patience = 5;
    kind.declare_params = [](OperatorSpec& spec) {
        spec.param("layers", ParamType::Int, 3, "propagation layers K; the final embedding is the mean of layers 0..K")
            .range(0, 16);
    };
    kind.make = [](const Params& params, const EmbeddingShape& shape,
                   const InteractionData& data) -> std::shared_ptr<EmbeddingModel> {
        auto graph = std::make_shared<const NormalizedGraph>(data);
        return std::make_shared<LightGcn>(shape, std::move(graph), params.integer("layers"));
    };
    kind.metadata = [](const Params& params) { return Json{{"layers", params.integer("layers")}}; };
    register_factorization_model(registry, std::move(kind));
}

}  // namespace persona::factorization
