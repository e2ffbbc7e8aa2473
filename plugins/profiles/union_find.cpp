#include "union_find.h"

#include <numeric>
#include <utility>

namespace persona::profiles {

UnionFind::UnionFind(int64_t nodes) : parent_(nodes), size_(nodes, 1) {
    std::iota(parent_.begin(), parent_.end(), 0);
}

int64_t UnionFind::find(int64_t node) {
    while (parent_[node] != node) {
        parent_[node] = parent_[parent_[node]];
        node = parent_[node];
    }
    return node;
}

UnionFind::Result UnionFind::unite(int64_t a, int64_t b, int64_t max_size) {
    int64_t ra = find(a), rb = find(b);
    if (ra == rb) return Result::same_set;
    if (max_size > 0 && size_[ra] + size_[rb] > max_size) return Result::refused;
    if (size_[ra] < size_[rb]) std::swap(ra, rb);
    parent_[rb] = ra;
    size_[ra] += size_[rb];
    return Result::merged;
}

}  // namespace persona::profiles
