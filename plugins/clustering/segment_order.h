// Segment numbering: segment 0 is the largest, so the same clustering reads the same whatever its raw labels.
#pragma once
#include <cstdint>
#include <vector>

namespace persona::clustering {

// Renumbers the labels >= 0 in place (there are `count` raw labels, 0 .. count-1) by size, largest first,
// ties broken by the earliest row; labels < 0 (noise) stay. Returns old label -> new label (-1 for a raw label
// no row carries; those get no new number).
std::vector<int64_t> order_segments_by_size(std::vector<int64_t>& labels, int64_t count);

}  // namespace persona::clustering
