// Looking up int64 ids (item ids, user ids) to their row: a dense array when the ids are compact, else binary search.
#pragma once
#include <cstdint>
#include <vector>

namespace persona::profiles {

// The row of each id of a column. Null ids (kNullInt) are not indexed; a repeated id keeps its first row.
class IdIndex {
public:
    explicit IdIndex(const std::vector<int64_t>& ids);

    int64_t find(int64_t id) const;           // the row, or -1 when the id is not there
    int64_t repeated() const { return repeated_; }  // rows whose id was already indexed
    int64_t first_repeated() const { return first_repeated_; }  // one such id (kNullInt when none)

private:
    int64_t min_ = 0;
    std::vector<int64_t> dense_;                         // dense_[id - min_] = row or -1
    std::vector<std::pair<int64_t, int64_t>> sorted_;    // (id, row), when the ids are sparse
    bool use_dense_ = true;
    int64_t repeated_ = 0;
    int64_t first_repeated_;
};

}  // namespace persona::profiles
