#include "id_index.h"

#include <algorithm>

#include "persona/table.h"

namespace persona::profiles {

IdIndex::IdIndex(const std::vector<int64_t>& ids) : first_repeated_(kNullInt) {
    int64_t lo = INT64_MAX, hi = INT64_MIN, count = 0;
    for (int64_t id : ids) {
        if (id == kNullInt) continue;
        lo = std::min(lo, id);
        hi = std::max(hi, id);
        ++count;
    }
    if (count == 0) return;
    // Dense when the id range is at most a few times the number of ids (and the range does not overflow).
    const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
    use_dense_ = span < static_cast<uint64_t>(4 * count + 1024);
    auto seen_twice = [&](int64_t id) {
        if (repeated_++ == 0) first_repeated_ = id;
    };
    if (use_dense_) {
        min_ = lo;
        dense_.assign(static_cast<size_t>(span + 1), -1);
        for (size_t r = 0; r < ids.size(); ++r) {
            if (ids[r] == kNullInt) continue;
            int64_t& slot = dense_[static_cast<uint64_t>(ids[r]) - static_cast<uint64_t>(lo)];
            if (slot >= 0) seen_twice(ids[r]);
            else slot = static_cast<int64_t>(r);
        }
        return;
    }
    sorted_.reserve(count);
    for (size_t r = 0; r < ids.size(); ++r)
        if (ids[r] != kNullInt) sorted_.emplace_back(ids[r], static_cast<int64_t>(r));
    std::sort(sorted_.begin(), sorted_.end());
    std::vector<std::pair<int64_t, int64_t>> unique;
    unique.reserve(sorted_.size());
    for (const auto& entry : sorted_) {
        if (!unique.empty() && unique.back().first == entry.first) seen_twice(entry.first);
        else unique.push_back(entry);
    }
    sorted_.swap(unique);
}

int64_t IdIndex::find(int64_t id) const {
    if (use_dense_) {
        if (dense_.empty() || id == kNullInt || id < min_) return -1;
        const uint64_t k = static_cast<uint64_t>(id) - static_cast<uint64_t>(min_);
        return k < dense_.size() ? dense_[k] : -1;
    }
    auto it = std::lower_bound(sorted_.begin(), sorted_.end(), std::make_pair(id, INT64_MIN));
    return it != sorted_.end() && it->first == id ? it->second : -1;
}

}  // namespace persona::profiles
