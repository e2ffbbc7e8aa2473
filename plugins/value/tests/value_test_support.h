// Helpers for the value plugin tests: seeded BG/NBD and Gamma-Gamma simulators (hand-written samplers, so a
// seed gives the same data with every standard library), runs that keep the step's notes, and data files.
#pragma once
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "bgnbd_model.h"
#include "gamma_gamma_model.h"
#include "plugin_test.h"

namespace persona::testing {

// Uniform, normal and gamma draws from a 64-bit Mersenne Twister (whose output the standard fixes).
class Sampler {
public:
    explicit Sampler(uint64_t seed) : engine_(seed) {}
    double uniform() { return (static_cast<double>(engine_() >> 11) + 0.5) * 0x1.0p-53; }  // in (0, 1)
    double normal() {  // Box-Muller
        return std::sqrt(-2 * std::log(uniform())) * std::cos(2 * M_PI * uniform());
    }
    double exponential(double rate) { return -std::log(uniform()) / rate; }
    // Gamma(shape, rate) by Marsaglia & Tsang (2000); shape < 1 through Gamma(shape + 1) U^(1/shape).
    double gamma(double shape, double rate) {
        if (shape < 1) return gamma(shape + 1, rate) * std::pow(uniform(), 1 / shape);
        const double d = shape - 1.0 / 3, c = 1 / std::sqrt(9 * d);
        for (;;) {
            const double z = normal(), v = std::pow(1 + c * z, 3);
            if (v <= 0) continue;
            if (std::log(uniform()) < 0.5 * z * z + d - d * v + d * std::log(v)) return d * v / rate;
        }
    }
    double beta(double a, double b) {
        const double x = gamma(a, 1), y = gamma(b, 1);
        return x / (x + y);
    }

private:
    std::mt19937_64 engine_;
};

// One simulated customer: purchase times from 0 (the first purchase) on, within [0, horizon].
struct SimulatedCustomer {
    std::vector<double> times;  // times[0] = 0
};

// The BG/NBD story: lambda ~ Gamma(r, alpha), p ~ Beta(a, b); Poisson(lambda) purchases; after each repeat
// purchase the customer leaves with probability p.
inline SimulatedCustomer simulate_bgnbd_customer(Sampler& s, const value::BgNbdParams& p, double horizon) {
    const double lambda = s.gamma(p.r, p.alpha);
    const double drop = s.beta(p.a, p.b);
    SimulatedCustomer c;
    c.times.push_back(0);
    for (double t = s.exponential(lambda); t <= horizon; t += s.exponential(lambda)) {
        c.times.push_back(t);
        if (s.uniform() < drop) break;
    }
    return c;
}

// Calibration summaries of `n` customers observed for T units each (T spread over [T_min, T_max]).
inline value::RfmData simulate_bgnbd(uint64_t seed, const value::BgNbdParams& p, int n, double T_min, double T_max) {
    Sampler s(seed);
    value::RfmData d;
    for (int i = 0; i < n; ++i) {
        const double T = T_min + (T_max - T_min) * s.uniform();
        const SimulatedCustomer c = simulate_bgnbd_customer(s, p, T);
        d.x.push_back(static_cast<int64_t>(c.times.size()) - 1);
        d.t_x.push_back(c.times.back());
        d.T.push_back(T);
    }
    return d;
}

// Mean transaction values of `n` customers with 1..max_x transactions: nu ~ Gamma(q, gamma), z ~ Gamma(p, nu).
inline value::SpendData simulate_gamma_gamma(uint64_t seed, const value::GammaGammaParams& g, int n, int max_x) {
    Sampler s(seed);
    value::SpendData d;
    for (int i = 0; i < n; ++i) {
        const int64_t x = 1 + static_cast<int64_t>(s.uniform() * max_x);
        const double nu = s.gamma(g.q, g.gamma);
        double sum = 0;
        for (int64_t k = 0; k < x; ++k) sum += s.gamma(g.p, nu);
        d.x.push_back(x);
        d.zbar.push_back(sum / static_cast<double>(x));
    }
    return d;
}

}  // namespace persona::testing
