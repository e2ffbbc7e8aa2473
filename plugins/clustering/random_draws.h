// Seeded random draws whose results the C++ standard fixes (mt19937_64 bits), so a seed picks the same rows everywhere.
#pragma once
#include <cstdint>
#include <random>
#include <vector>

namespace persona::clustering {

// A stream of uniform numbers, indices and samples from one seed.
class RandomDraws {
public:
    explicit RandomDraws(uint64_t seed) : engine_(seed) {}
    double uniform();                                    // in [0, 1), 53 random bits
    int64_t index(int64_t n);                            // in [0, n), n > 0
    std::vector<int64_t> sample(int64_t n, int64_t m);   // m distinct values of [0, n), ascending
private:
    std::mt19937_64 engine_;
};

// An independent seed for sub-stream `stream` of `seed` (splitmix64), e.g. one per k-means restart.
uint64_t mix_seed(uint64_t seed, uint64_t stream);

}  // namespace persona::clustering
