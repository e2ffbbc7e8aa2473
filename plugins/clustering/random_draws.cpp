#include "random_draws.h"

#include <algorithm>
#include <numeric>

namespace persona::clustering {

double RandomDraws::uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

int64_t RandomDraws::index(int64_t n) {
    const int64_t i = static_cast<int64_t>(uniform() * static_cast<double>(n));
    return std::min(i, n - 1);
}

std::vector<int64_t> RandomDraws::sample(int64_t n, int64_t m) {
    std::vector<int64_t> pool(static_cast<size_t>(n));
    std::iota(pool.begin(), pool.end(), int64_t{0});
    m = std::min(m, n);
    for (int64_t i = 0; i < m; ++i) std::swap(pool[i], pool[i + index(n - i)]);  // partial Fisher-Yates
    pool.resize(static_cast<size_t>(m));
    std::sort(pool.begin(), pool.end());
    return pool;
}

uint64_t mix_seed(uint64_t seed, uint64_t stream) {
    uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (stream + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

}  // namespace persona::clustering
