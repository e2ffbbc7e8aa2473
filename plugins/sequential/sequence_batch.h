// SequenceBatch: a batch of left-padded interaction sequences as tensors.
#pragma once
#include <torch/types.h>

namespace persona::sequential {

// Column 0 of the item vocabulary is padding; real items are columns 1..items-1.
constexpr int64_t kPadding = 0;

// A batch of B sequences of length L, left-padded (the most recent interaction is at L-1).
struct SequenceBatch {
    torch::Tensor items;    // [B, L] int64 item columns, kPadding where empty
    torch::Tensor types;    // [B, L] int64 event-type codes (0 = padding); undefined when the data has none
    torch::Tensor times;    // [B, L] int64 timestamps (seconds or positions); undefined when not used
    torch::Tensor targets;  // [B, L] int64 next-item column per position (kPadding = no target); training only
};

}  // namespace persona::sequential
