// Tanh-sinh quadrature over (0, 1) on integrals with known values, including end-point singularities.
#include <catch2/catch.hpp>
#include <cmath>

#include "tanh_sinh.h"

using persona::value::integrate_unit_interval;

TEST_CASE("tanh-sinh integrates smooth and singular integrands over (0, 1)", "[tanh_sinh]") {
    // The rule takes g(log p, log q) = f(p) p q.
    // f = 3 p^2: 1.
    CHECK(integrate_unit_interval([](double lp, double lq) { return 3 * std::exp(3 * lp + lq); }, 4) ==
          Approx(1).epsilon(1e-13));
    // f = p^(-1/2): 2 (singular at 0).
    CHECK(integrate_unit_interval([](double lp, double lq) { return std::exp(0.5 * lp + lq); }, 6) ==
          Approx(2).epsilon(1e-12));
    // f = p^(a-1) (1-p)^(b-1), a = 0.3, b = 0.7: B(0.3, 0.7) = Gamma(0.3) Gamma(0.7) = pi / sin(0.3 pi).
    CHECK(integrate_unit_interval([](double lp, double lq) { return std::exp(0.3 * lp + 0.7 * lq); }, 6) ==
          Approx(M_PI / std::sin(0.3 * M_PI)).epsilon(1e-12));
    // f = -log(p): 1.
    CHECK(integrate_unit_interval([](double lp, double lq) { return -lp * std::exp(lp + lq); }, 5) ==
          Approx(1).epsilon(1e-12));
}
