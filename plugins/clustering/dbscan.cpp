#include "dbscan.h"

#include "neighbor_grid.h"
#include "segment_order.h"

namespace persona::clustering {

DbscanFit fit_dbscan(const RowMatrix& x, double eps, int64_t min_points) {
    const int64_t n = x.rows();
    const NeighborGrid grid(x, eps);
    DbscanFit fit;
    fit.core.assign(static_cast<size_t>(n), 0);
    for (int64_t r = 0; r < n; ++r) fit.core[r] = grid.count_neighbors(r, min_points) >= min_points ? 1 : 0;

    fit.labels.assign(static_cast<size_t>(n), -1);
    std::vector<int64_t> queue, around;
    int64_t segments = 0;
    for (int64_t start = 0; start < n; ++start) {
        if (!fit.core[start] || fit.labels[start] >= 0) continue;
        const int64_t segment = segments++;
        fit.labels[start] = segment;
        queue.assign(1, start);
        for (size_t head = 0; head < queue.size(); ++head) {
            grid.neighbors(queue[head], around);
            for (int64_t j : around) {
                if (fit.labels[j] >= 0) continue;
                fit.labels[j] = segment;
                if (fit.core[j]) queue.push_back(j);
            }
        }
    }
    order_segments_by_size(fit.labels, segments);
    fit.segments = segments;
    for (int64_t l : fit.labels) fit.noise += l < 0 ? 1 : 0;
    return fit;
}

}  // namespace persona::clustering
