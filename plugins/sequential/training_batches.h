// TrainingBatches: next-item training examples (one per user), shuffled per epoch, as left-padded batches.
#pragma once
#include <cstdint>
#include <vector>

#include <torch/types.h>

#include "sequence_batch.h"
#include "sequence_data.h"

namespace persona::sequential {

// Which negatives a batch carries for its loss.
enum class NegativeSampling {
    None,         // full softmax: no negatives
    PerPosition,  // one item per target position, not in the user's sequence (bce)
    Shared,       // a list of items shared by the whole batch, uniform over all items (sampled softmax)
};

// What one training example is.
enum class ExampleKind {
    Sequences,  // one per user: the sequence without its last item, a target at every position
    Prefixes,   // one per target: every prefix of a user's sequence, the target at its last position only
};

// One batch of training sequences plus the negatives its loss needs (CPU tensors).
struct TrainingBatch {
    SequenceBatch sequences;  // items, types (when the data has them), times, targets: [B, max_len]
    torch::Tensor negatives;  // PerPosition: [B, max_len] (0 where no target); Shared: [N]; None: undefined
};

// Sequences: the examples are the users with >= 2 items: input = their sequence without its last item,
// targets = the sequence shifted by one, both cut to the last max_len positions and left-padded.
// Prefixes: each item after a user's first is the target of one example whose input is the items
// before it (cut to the last max_len), the target at the last position only; with empty_prefix the
// first item is a target too, of an example with no input items. With length
// buckets, each epoch's shuffled examples are ordered by length into batches (the batch order is
// shuffled) and each batch is only as wide as its longest input: padded encoders then skip most padding.
class TrainingBatches {
public:
    TrainingBatches(const SequenceData& data, int64_t max_len, int64_t batch_size, NegativeSampling sampling,
                    int64_t shared_negatives = 0, bool length_buckets = false,
                    ExampleKind kind = ExampleKind::Sequences, bool empty_prefix = false);

    int64_t examples() const { return static_cast<int64_t>(examples_.size()); }
    // Shuffles the examples with `seed` (and keys the negatives on it); returns the number of batches.
    int64_t start_epoch(uint64_t seed);
    int64_t batches() const;
    int64_t batch_examples(int64_t index) const;
    // Batch `index` of the current epoch; its negatives are drawn from a generator keyed on (seed, index).
    TrainingBatch batch(int64_t index) const;

private:
    // A user row and how many of its items the input has (the target is the item after them).
    struct Example {
        int64_t user = 0, inputs = 0;
        bool operator<(const Example& o) const { return user != o.user ? user < o.user : inputs < o.inputs; }
    };

    int64_t sample_unseen(int64_t user_row, uint64_t& state) const;
    int64_t input_length(const Example& example) const;  // inputs of the example, at most max_len
    void order_by_length(uint64_t& state);

    const SequenceData& data_;
    int64_t max_len_, batch_size_;
    NegativeSampling sampling_;
    int64_t shared_negatives_;
    bool length_buckets_;
    ExampleKind kind_;
    std::vector<Example> examples_;        // in epoch order after start_epoch
    std::vector<int64_t> batch_begin_;     // where each batch starts in examples_, plus the end
    std::vector<int64_t> sorted_items_;    // each user's item columns sorted (same offsets as data_), for exclusion
    uint64_t epoch_seed_ = 0;
};

}  // namespace persona::sequential
