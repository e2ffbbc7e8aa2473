// Encoding users' histories into their last hidden state (for validation, outputs and scoring).
#pragma once
#include <cstdint>
#include <vector>

#include <c10/core/Device.h>
#include <torch/types.h>

#include "sequence_batch.h"
#include "sequence_data.h"
#include "sequence_encoder.h"

namespace persona::sequential {

// Histories encoded (and users scored) per chunk: a chunk's [256, items] scores and intermediate tensors
// stay below glibc's mmap threshold, so their memory is reused instead of page-faulted every chunk.
constexpr int64_t kScoringChunk = 256;

// One history to encode: item columns oldest first, with type codes and times (either may be null).
struct HistoryView {
    const int64_t* items = nullptr;
    const int64_t* types = nullptr;
    const int64_t* times = nullptr;
    int64_t length = 0;
};

// How histories become a batch: the kept length, and whether the model takes types and times.
struct HistoryFormat {
    int64_t max_len = 50;
    bool types = false;        // fill SequenceBatch::types (default_type where a history has none)
    int64_t default_type = 0;
    bool times = false;        // fill SequenceBatch::times (only from histories that have them)
};

// The history of each given user row of `data`.
std::vector<HistoryView> user_histories(const SequenceData& data, const std::vector<int64_t>& user_rows);

// The last max_len entries of each history, left-padded into a CPU batch (no targets).
SequenceBatch history_batch(const std::vector<HistoryView>& histories, const HistoryFormat& format);

// The hidden state at the last position for each history, [histories, dim] on `device`, computed in
// chunks of `chunk` histories under NoGradGuard (the caller sets eval mode).
torch::Tensor last_hidden(SequenceEncoder& encoder, const std::vector<HistoryView>& histories,
                          const HistoryFormat& format, const c10::Device& device, int64_t chunk = kScoringChunk);

// Moves every defined tensor of a batch to `device`.
SequenceBatch to_device(const SequenceBatch& batch, const c10::Device& device);

}  // namespace persona::sequential
