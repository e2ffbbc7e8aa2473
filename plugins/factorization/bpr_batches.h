// BprBatches: the (user, positive, negatives) triples of one epoch, shuffled and sampled in C++ from flat arrays.
#pragma once
#include <cstdint>
#include <vector>

#include <torch/types.h>

#include "interaction_data.h"

namespace persona::factorization {

// One batch as int64 tensors (CPU): users [B], positives [B] and negatives [B, negatives] item columns.
struct BprBatch {
    torch::Tensor users;
    torch::Tensor positives;
    torch::Tensor negatives;
};

// Every train pair once per epoch, in a seeded random order, each with `negatives` item columns drawn
// uniformly among the items its user has not interacted with. Users who interacted with every item
// have no negative and are left out (see excluded_pairs()).
class BprBatches {
public:
    BprBatches(const InteractionData& data, int64_t batch_size, int64_t negatives);

    // Shuffles the pairs and draws the negatives with this seed; returns the number of batches.
    int64_t start_epoch(uint64_t seed);
    BprBatch batch(int64_t index) const;
    int64_t batch_examples(int64_t index) const;  // pairs in batch `index`

    int64_t examples() const { return static_cast<int64_t>(pair_users_.size()); }
    int64_t excluded_pairs() const { return excluded_pairs_; }
    int64_t batch_count() const;

private:
    const InteractionData& data_;
    int64_t batch_size_;
    int64_t negatives_;
    std::vector<int64_t> pair_users_;   // trainable pairs, flat
    std::vector<int64_t> pair_items_;
    int64_t excluded_pairs_ = 0;
    std::vector<int64_t> order_;        // this epoch's permutation of the pairs
    std::vector<int64_t> sampled_;      // this epoch's negatives, negatives_ per position of order_
};

// A small seeded generator (SplitMix64) with the same output on every platform.
class SplitMix64 {
public:
    explicit SplitMix64(uint64_t seed) : state_(seed) {}
    uint64_t next();
    uint64_t below(uint64_t bound);  // uniform in [0, bound), bound > 0
private:
    uint64_t state_;
};

}  // namespace persona::factorization
