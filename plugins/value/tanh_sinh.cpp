#include "tanh_sinh.h"

#include <cmath>

namespace persona::value {

namespace {

// log(1 + e^v) without overflow.
double softplus(double v) { return v > 0 ? v + std::log1p(std::exp(-v)) : std::log1p(std::exp(v)); }

// The trapezoid term at tau: g at p(tau) times d(p)/d(tau) / (p (1 - p)) = pi cosh(tau).
double term_at(const UnitIntegrand& g, double tau) {
    const double y = M_PI * std::sinh(tau);
    return g(-softplus(-y), -softplus(y)) * M_PI * std::cosh(tau);
}

}  // namespace

double integrate_unit_interval(const UnitIntegrand& g, double tau_max, double relative_tolerance, double scale) {
    double h = 0.5;
    double sum = term_at(g, 0);
    for (double tau = h; tau <= tau_max; tau += h) sum += term_at(g, tau) + term_at(g, -tau);
    double estimate = sum * h;
    for (int level = 1; level < 12; ++level) {
        h /= 2;
        for (double tau = h; tau <= tau_max; tau += 2 * h) sum += term_at(g, tau) + term_at(g, -tau);
        const double refined = sum * h;
        const bool close = std::fabs(refined - estimate) <= relative_tolerance * std::fmax(std::fabs(refined), scale);
        estimate = refined;
        if (level >= 3 && close) break;
    }
    return estimate;
}

}  // namespace persona::value
