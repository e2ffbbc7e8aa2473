// Neighbor grid: rows bucketed into cubes of side eps on up to 3 coordinates, so an eps-radius query only
// checks the rows of the 3^g surrounding cells (exact: the full Euclidean distance decides).
#pragma once
#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "feature_matrix.h"

namespace persona::clustering {

// An index answering "which rows lie within eps of row i" on a fixed matrix.
class NeighborGrid {
public:
    NeighborGrid(const RowMatrix& x, double eps);  // keeps a reference to x

    // Rows within eps of row i (i included), cell by cell (ascending within a cell).
    void neighbors(int64_t i, std::vector<int64_t>& out) const;
    // How many rows lie within eps of row i (i included), counting no further than `enough`.
    int64_t count_neighbors(int64_t i, int64_t enough) const;
    // The coordinates the grid buckets on (the widest-spread ones).
    const std::vector<int64_t>& grid_columns() const { return columns_; }

private:
    using Key = std::array<int64_t, 3>;
    struct KeyHash {
        size_t operator()(const Key& key) const;
    };
    Key key_of(int64_t row) const;
    template <class Visit> void visit_candidates(int64_t i, Visit&& visit) const;

    const RowMatrix& x_;
    double eps_;
    double eps2_;
    std::vector<int64_t> columns_;
    std::unordered_map<Key, std::vector<int64_t>, KeyHash> cells_;
};

}  // namespace persona::clustering
