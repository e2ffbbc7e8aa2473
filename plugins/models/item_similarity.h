// Item-item cosine similarity from co-occurrence, keeping the top neighbors of every item.
#pragma once
#include <cstdint>

#include "interaction_matrix.h"
#include "itemknn_model.h"
#include "persona/context.h"

namespace persona::models {

// How similarities are computed and truncated.
struct SimilarityOptions {
    double shrink = 0.0;     // sim = dot / (|a| |b| + shrink)
    int64_t neighbors = 100; // kept per item, most similar first (ties: lower item index first)
    int threads = 1;
};

// Computes the neighbor lists (item_ids, offsets, neighbors, similarities of the result) in parallel over
// items. Reports progress and honours cancellation through ctx (throws Error("cancelled")).
ItemKnnModel compute_item_neighbors(const InteractionMatrix& matrix, const SimilarityOptions& options, Context& ctx);

}  // namespace persona::models
