// Rng: the generator's random source — mt19937_64 plus hand-written samplers, so that the same seed gives the
// same data with every C++ standard library (std:: distributions differ between libraries).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace persona::sources {

// Mixes a seed with a stream number (splitmix64), so each user can get an independent stream.
inline uint64_t mix_seed(uint64_t seed, uint64_t stream) {
    uint64_t z = seed + 0x9E3779B97F4A7C15ull * (stream + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// Reproducible samplers on top of std::mt19937_64.
class Rng {
public:
    explicit Rng(uint64_t seed) : engine_(seed) {}

    double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }  // [0, 1)
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    bool chance(double p) { return uniform() < p; }
    int64_t below(int64_t n) {  // [0, n), n > 0
        return static_cast<int64_t>((static_cast<unsigned __int128>(engine_()) * static_cast<uint64_t>(n)) >> 64);
    }
    double normal() {  // Box-Muller
        const double u1 = 1.0 - uniform(), u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    double lognormal(double mu, double sigma) { return std::exp(mu + sigma * normal()); }
    double exponential(double mean) { return -mean * std::log(1.0 - uniform()); }
    double gamma(double shape) {  // Marsaglia-Tsang, shape > 0
        if (shape < 1.0) return gamma(shape + 1.0) * std::pow(1.0 - uniform(), 1.0 / shape);
        const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
        for (;;) {
            double x, v;
            do {
                x = normal();
                v = 1.0 + c * x;
            } while (v <= 0.0);
            v = v * v * v;
            const double u = 1.0 - uniform();
            if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
        }
    }
    int64_t poisson(double mean) {
        if (mean <= 0.0) return 0;
        if (mean > 30.0) return std::max<int64_t>(0, std::llround(mean + std::sqrt(mean) * normal()));
        const double limit = std::exp(-mean);  // Knuth
        int64_t k = 0;
        double p = uniform();
        while (p > limit) {
            ++k;
            p *= uniform();
        }
        return k;
    }
    template <class T> void shuffle(std::vector<T>& values) {  // Fisher-Yates
        for (int64_t i = static_cast<int64_t>(values.size()) - 1; i > 0; --i) std::swap(values[i], values[below(i + 1)]);
    }

private:
    std::mt19937_64 engine_;
};

// Draws an index with probability proportional to the given weights (binary search over the cumulative sums).
class WeightedSampler {
public:
    WeightedSampler() = default;
    explicit WeightedSampler(const std::vector<double>& weights) : cumulative_(weights.size()) {
        double total = 0;
        for (size_t i = 0; i < weights.size(); ++i) cumulative_[i] = (total += weights[i]);
    }
    int64_t sample(Rng& rng) const {
        const double x = rng.uniform() * cumulative_.back();
        size_t lo = 0, hi = cumulative_.size() - 1;
        while (lo < hi) {
            const size_t mid = (lo + hi) / 2;
            if (cumulative_[mid] > x) hi = mid;
            else lo = mid + 1;
        }
        return static_cast<int64_t>(lo);
    }
    bool empty() const { return cumulative_.empty(); }

private:
    std::vector<double> cumulative_;
};

}  // namespace persona::sources
