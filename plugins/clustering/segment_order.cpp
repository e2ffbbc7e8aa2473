#include "segment_order.h"

#include <algorithm>
#include <numeric>

namespace persona::clustering {

std::vector<int64_t> order_segments_by_size(std::vector<int64_t>& labels, int64_t count) {
    std::vector<int64_t> size(static_cast<size_t>(count), 0);
    std::vector<int64_t> first_row(static_cast<size_t>(count), static_cast<int64_t>(labels.size()));
    for (size_t r = 0; r < labels.size(); ++r) {
        const int64_t l = labels[r];
        if (l < 0) continue;
        if (size[l]++ == 0) first_row[l] = static_cast<int64_t>(r);
    }
    std::vector<int64_t> order(static_cast<size_t>(count));
    std::iota(order.begin(), order.end(), int64_t{0});
    std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        if (size[a] != size[b]) return size[a] > size[b];
        return first_row[a] < first_row[b];
    });
    std::vector<int64_t> renumber(static_cast<size_t>(count), -1);
    int64_t next = 0;
    for (int64_t old : order)
        if (size[old] > 0) renumber[old] = next++;
    for (int64_t& l : labels)
        if (l >= 0) l = renumber[l];
    return renumber;
}

}  // namespace persona::clustering
