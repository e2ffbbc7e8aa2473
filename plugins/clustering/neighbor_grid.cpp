#include "neighbor_grid.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace persona::clustering {

namespace {

constexpr int64_t kMaxGridColumns = 3;
constexpr double kMaxCellIndex = 1e15;  // |x / eps| beyond this cannot be a cell index: that column is not used

// Up to three columns with the largest variance whose values / eps stay representable as cell indices.
std::vector<int64_t> choose_columns(const RowMatrix& x, double eps) {
    std::vector<int64_t> order(static_cast<size_t>(x.cols()));
    std::iota(order.begin(), order.end(), int64_t{0});
    std::vector<double> variance(order.size());
    for (int64_t c = 0; c < x.cols(); ++c) {
        const auto col = x.col(c);
        variance[c] = (col.array() - col.mean()).square().mean();
    }
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return variance[a] > variance[b]; });
    std::vector<int64_t> chosen;
    for (int64_t c : order) {
        if (static_cast<int64_t>(chosen.size()) == kMaxGridColumns || variance[c] == 0) break;
        if (x.col(c).cwiseAbs().maxCoeff() / eps < kMaxCellIndex) chosen.push_back(c);
    }
    return chosen;
}

}  // namespace

size_t NeighborGrid::KeyHash::operator()(const Key& key) const {
    uint64_t h = 1469598103934665603ULL;
    for (int64_t v : key) h = (h ^ static_cast<uint64_t>(v)) * 1099511628211ULL;
    return static_cast<size_t>(h ^ (h >> 29));
}

NeighborGrid::NeighborGrid(const RowMatrix& x, double eps)
    : x_(x), eps_(eps), eps2_(eps * eps), columns_(choose_columns(x, eps)) {
    for (int64_t r = 0; r < x.rows(); ++r) cells_[key_of(r)].push_back(r);
}

NeighborGrid::Key NeighborGrid::key_of(int64_t row) const {
    Key key{0, 0, 0};
    for (size_t g = 0; g < columns_.size(); ++g)
        key[g] = static_cast<int64_t>(std::floor(x_(row, columns_[g]) / eps_));
    return key;
}

// Calls visit(j) for the rows of the cells around row i's cell; stops when visit returns false.
template <class Visit> void NeighborGrid::visit_candidates(int64_t i, Visit&& visit) const {
    const Key home = key_of(i);
    const int64_t g = static_cast<int64_t>(columns_.size());
    int64_t offsets = 1;
    for (int64_t d = 0; d < g; ++d) offsets *= 3;
    for (int64_t o = 0; o < offsets; ++o) {
        Key key = home;
        for (int64_t d = 0, rest = o; d < g; ++d, rest /= 3) key[d] += rest % 3 - 1;
        auto it = cells_.find(key);
        if (it == cells_.end()) continue;
        for (int64_t j : it->second)
            if (!visit(j)) return;
    }
}

void NeighborGrid::neighbors(int64_t i, std::vector<int64_t>& out) const {
    out.clear();
    visit_candidates(i, [&](int64_t j) {
        if ((x_.row(i) - x_.row(j)).squaredNorm() <= eps2_) out.push_back(j);
        return true;
    });
}

int64_t NeighborGrid::count_neighbors(int64_t i, int64_t enough) const {
    int64_t count = 0;
    visit_candidates(i, [&](int64_t j) {
        if ((x_.row(i) - x_.row(j)).squaredNorm() <= eps2_) ++count;
        return count < enough;
    });
    return count;
}

}  // namespace persona::clustering
