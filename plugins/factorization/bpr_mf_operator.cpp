// model.bpr_mf: matrix factorization trained with the BPR loss on sampled negatives.
#include "factorization_operator.h"
#include "matrix_factorization.h"
#include "operators.h"

namespace persona::factorization {

void register_bpr_mf(Registry& registry) {
    ModelKind kind;
    kind.op = "model.bpr_mf";
    kind.format = "bpr_mf";
    kind.version = "0.2.0";
    kind.doc = "BPR-MF: user and item embeddings trained with BPR on sampled negatives; score = dot product";
    // Defaults tuned on Amazon Beauty (README): strong L2 and 4 negatives per pair.
    kind.defaults = ModelDefaults{64, 0.05, 4};
    kind.training.epochs = 100;
    kind.training.batch_size = 1024;
    kind.training.lr = 5e-3;
    kind.training.patience = 5;
    kind.make = [](const Params&, const EmbeddingShape& shape,
                   const InteractionData&) -> std::shared_ptr<EmbeddingModel> {
        return std::make_shared<MatrixFactorization>(shape);
    };
    register_factorization_model(registry, std::move(kind));
}

}  // namespace persona::factorization
