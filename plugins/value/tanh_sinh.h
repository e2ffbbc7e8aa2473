// Tanh-sinh (double exponential) quadrature over (0, 1), for integrands with integrable end-point singularities.
#pragma once
#include <functional>

namespace persona::value {

// The integrand in the form the rule needs: g(log p, log(1 - p)) = f(p) p (1 - p), for the integral of f over
// (0, 1). Taking logs keeps p^(a-1) (1-p)^(b-1) style weights exact where p or 1 - p underflows.
using UnitIntegrand = std::function<double(double log_p, double log_q)>;

// The integral of f over (0, 1): p = 1 / (1 + exp(-pi sinh(tau))), trapezoid rule in tau over
// [-tau_max, tau_max], halving the step until two levels agree to `relative_tolerance` x max(|integral|, scale)
// (at most 12 levels; `scale` > 0 when the integral is a correction to a value of that size).
// `tau_max` must reach where the integrand has vanished (double-exponentially fast in tau).
double integrate_unit_interval(const UnitIntegrand& g, double tau_max, double relative_tolerance = 1e-13,
                               double scale = 0);

}  // namespace persona::value
