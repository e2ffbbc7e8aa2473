// Left padding: writing the most recent entries of a sequence to the right end of a fixed-width row.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>

namespace persona::sequential {

// Copies the last min(length, width) values of `source` to the right end of `row` (width values);
// the left part of the row is left as it is (zero from the caller). Returns how many were copied.
inline int64_t copy_left_padded(const int64_t* source, int64_t length, int64_t* row, int64_t width) {
    const int64_t kept = std::min(length, width);
    if (kept > 0) std::memcpy(row + (width - kept), source + (length - kept), sizeof(int64_t) * kept);
    return kept;
}

}  // namespace persona::sequential
