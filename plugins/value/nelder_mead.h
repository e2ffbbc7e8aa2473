// Nelder-Mead: derivative-free minimisation of a function of a few real variables, with restarts.
#pragma once
#include <functional>
#include <vector>

namespace persona::value {

// The function to minimise; a NaN or infinite value counts as +infinity (outside the feasible region).
using Objective = std::function<double(const std::vector<double>&)>;

// Stopping rules of one Nelder-Mead run and of the restarts.
struct NelderMeadOptions {
    double initial_step = 0.5;       // simplex edge along each axis around the start
    double restart_step = 0.1;       // simplex edge of a restart around the best point
    double value_tolerance = 1e-12;  // stop when the simplex's values differ by <= this x (1 + |best|)
    double point_tolerance = 1e-9;   // ... and its vertices by <= this in every coordinate
    int max_evaluations = 5000;      // per run
    int max_restarts = 10;           // restarts from the best point while they still improve it
};

// The best point found.
struct Minimum {
    std::vector<double> x;
    double value = 0;
    int evaluations = 0;   // function calls, all runs together
    int restarts = 0;      // restarts done after the first run (of the winning start)
    bool converged = false;  // the last run met the tolerances before max_evaluations
};

// One run of the adaptive Nelder-Mead method (Gao & Han 2012 coefficients) from `start`.
Minimum nelder_mead(const Objective& f, const std::vector<double>& start, double step, const NelderMeadOptions& options);

// From each start: a run, then restarts around the best point until one improves the value by no more than
// value_tolerance x (1 + |value|). Returns the best over all starts. Throws persona::Error when no start
// reaches a finite value.
Minimum minimize(const Objective& f, const std::vector<std::vector<double>>& starts, const NelderMeadOptions& options = {});

}  // namespace persona::value
