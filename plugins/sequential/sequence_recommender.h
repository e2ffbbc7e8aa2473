// The Recommender of a sequence model: encodes each user's history and scores every item by dot product.
#pragma once
#include "persona/plugin.h"
#include "sequence_encoder.h"

namespace persona::sequential {

// The loader for an architecture's Model format: rebuilds the encoder from the metadata (params, shape),
// loads the weights, and scores on the CPU in eval mode.
RecommenderLoader sequence_recommender_loader(const Architecture& architecture);

}  // namespace persona::sequential
