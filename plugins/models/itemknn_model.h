// Item-kNN model: sparse neighbor lists per item, their byte layout and the Recommender scoring with them.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "persona/artifact.h"
#include "persona/recommender.h"

namespace persona::models {

// The trained item-kNN model: for item index i, neighbors[offsets[i]..offsets[i+1]) with their similarities,
// most similar first.
struct ItemKnnModel {
    std::vector<int64_t> item_ids;      // item index -> id, ascending
    std::vector<int64_t> offsets;       // items + 1 offsets into neighbors / similarities
    std::vector<int32_t> neighbors;     // item indices
    std::vector<float> similarities;    // cosine similarity of the item and each neighbor
    double recency_decay = 0.0;         // history weight (1 - decay)^i for the i-th most recent item
};

std::string serialize_itemknn(const ItemKnnModel& model);
ItemKnnModel deserialize_itemknn(const std::string& bytes);  // throws Error on bad or inconsistent bytes

// The loader registered for format "itemknn".
std::unique_ptr<Recommender> load_itemknn_recommender(const Model& model);

}  // namespace persona::models
