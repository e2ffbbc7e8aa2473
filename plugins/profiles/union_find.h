// Union-find over dense node ids with a cap on the size of a set (identity resolution).
#pragma once
#include <cstdint>
#include <vector>

namespace persona::profiles {

// Disjoint sets of nodes 0..n-1 (union by size, path halving).
class UnionFind {
public:
    explicit UnionFind(int64_t nodes);

    int64_t find(int64_t node);
    int64_t size_of(int64_t node) { return size_[find(node)]; }

    // What a union did.
    enum class Result { merged, same_set, refused };
    // Joins the sets of a and b unless they are the same set or the joined set would exceed max_size
    // (max_size 0 = no cap).
    Result unite(int64_t a, int64_t b, int64_t max_size);

private:
    std::vector<int64_t> parent_, size_;
};

}  // namespace persona::profiles
