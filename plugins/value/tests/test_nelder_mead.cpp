// Nelder-Mead with restarts on functions with known minima.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "nelder_mead.h"
#include "persona/error.h"

using persona::value::minimize;
using persona::value::nelder_mead;
using persona::value::NelderMeadOptions;

TEST_CASE("minimize finds the Rosenbrock minimum at (1, 1)", "[nelder_mead]") {
    auto rosenbrock = [](const std::vector<double>& v) {
        return 100 * std::pow(v[1] - v[0] * v[0], 2) + std::pow(1 - v[0], 2);
    };
    const auto m = minimize(rosenbrock, {{-1.2, 1.0}});
    CHECK(m.x[0] == Approx(1).epsilon(1e-6));
    CHECK(m.x[1] == Approx(1).epsilon(1e-6));
    CHECK(m.value < 1e-12);
    CHECK(m.converged);
}

TEST_CASE("minimize handles badly scaled axes in 4 dimensions and the best of several starts", "[nelder_mead]") {
    // Minimum 3 at (1, -2, 0.5, 10); the axes differ in curvature by 10^4.
    auto f = [](const std::vector<double>& v) {
        return 3 + 1e2 * std::pow(v[0] - 1, 2) + std::pow(v[1] + 2, 2) + 1e-2 * std::pow(v[2] - 0.5, 2) +
               std::pow(v[3] - 10, 4);
    };
    const auto m = minimize(f, {{0, 0, 0, 0}, {5, 5, 5, 5}});
    CHECK(m.value == Approx(3).epsilon(1e-10));
    CHECK(m.x[0] == Approx(1).margin(1e-5));
    CHECK(m.x[1] == Approx(-2).margin(1e-5));
    CHECK(m.x[2] == Approx(0.5).margin(1e-3));
    CHECK(m.x[3] == Approx(10).margin(0.05));  // quartic: flat bottom
}

TEST_CASE("non-finite values act as walls; no finite value is an error", "[nelder_mead]") {
    // (x - 2)^2 defined only for x > 0, started near the wall.
    auto walled = [](const std::vector<double>& v) {
        return v[0] > 0 ? (v[0] - 2) * (v[0] - 2) : std::numeric_limits<double>::quiet_NaN();
    };
    const auto m = minimize(walled, {{0.01}});
    CHECK(m.x[0] == Approx(2).epsilon(1e-6));
    auto nowhere = [](const std::vector<double>&) { return std::numeric_limits<double>::infinity(); };
    CHECK_THROWS_AS(minimize(nowhere, {{0.0, 0.0}}), persona::Error);
}

TEST_CASE("one Nelder-Mead run stops at max_evaluations without claiming convergence", "[nelder_mead]") {
    NelderMeadOptions o;
    o.max_evaluations = 30;
    auto rosenbrock = [](const std::vector<double>& v) {
        return 100 * std::pow(v[1] - v[0] * v[0], 2) + std::pow(1 - v[0], 2);
    };
    const auto m = nelder_mead(rosenbrock, {-1.2, 1.0}, 0.5, o);
    CHECK_FALSE(m.converged);
    CHECK(m.evaluations <= 30 + 4);  // one step evaluates at most n + 2 = 4 points (reflect, contract, shrink)
}
