// The sparse user x item interaction matrix in both orientations (rows by user and rows by item).
#pragma once
#include <cstdint>
#include <vector>

namespace persona::models {

// Weighted user-item interactions as two CSR matrices; indices are dense (0..users-1, 0..items-1).
struct InteractionMatrix {
    std::vector<int64_t> item_ids;      // item index -> id, ascending
    int64_t users = 0;
    std::vector<int64_t> user_offsets;  // users + 1 offsets into user_items / user_weights
    std::vector<int32_t> user_items;    // item indices of each user, ascending, no duplicates
    std::vector<float> user_weights;    // 1 (binary) or the number of interactions (count)
    std::vector<int64_t> item_offsets;  // items + 1 offsets into item_users / item_weights
    std::vector<int32_t> item_users;    // user indices of each item, ascending
    std::vector<float> item_weights;

    int64_t items() const { return static_cast<int64_t>(item_ids.size()); }
};

// Builds the matrix from parallel user / item id columns. Rows with a null user or item are skipped and
// counted in bad_rows. With count_weighting a cell holds how often the pair occurs, else 1.
InteractionMatrix build_interaction_matrix(const std::vector<int64_t>& users, const std::vector<int64_t>& items,
                                           bool count_weighting, int64_t& bad_rows);

}  // namespace persona::models
