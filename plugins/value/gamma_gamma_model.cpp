#include "gamma_gamma_model.h"

#include <cmath>
#include <limits>
#include <string>

#include "nelder_mead.h"
#include "persona/error.h"

namespace persona::value {

namespace {

constexpr double kLogBound = 20.0;

GammaGammaParams from_log(const std::vector<double>& theta) {
    return {std::exp(theta[0]), std::exp(theta[1]), std::exp(theta[2])};
}

void check_data(const SpendData& data) {
    if (data.size() == 0) throw Error("Gamma-Gamma: no customers with repeat transactions to fit");
    for (size_t i = 0; i < data.size(); ++i)
        if (!(data.x[i] >= 1 && data.zbar[i] > 0 && std::isfinite(data.zbar[i])))
            throw Error("Gamma-Gamma: customer " + std::to_string(i) + " needs x >= 1 and a mean value > 0, got x=" +
                        std::to_string(data.x[i]) + " zbar=" + std::to_string(data.zbar[i]));
}

}  // namespace

double gamma_gamma_log_likelihood(const GammaGammaParams& params, const SpendData& data) {
    const double p = params.p, q = params.q, g = params.gamma;
    double total = 0;
    for (size_t i = 0; i < data.size(); ++i) {
        const double x = static_cast<double>(data.x[i]);
        const double z = data.zbar[i];
        total += std::lgamma(p * x + q) - std::lgamma(p * x) - std::lgamma(q) + q * std::log(g) +
                 (p * x - 1) * std::log(z) + p * x * std::log(x) - (p * x + q) * std::log(g + x * z);
    }
    return total;
}

GammaGammaFit fit_gamma_gamma(const SpendData& data) {
    check_data(data);
    double mean = 0;
    for (double z : data.zbar) mean += z / static_cast<double>(data.size());
    // Starts with the population mean p gamma / (q - 1) near the observed mean.
    const std::vector<GammaGammaParams> starts = {{1, 2, mean}, {5, 3, 0.4 * mean}, {0.5, 5, 8 * mean}};
    std::vector<std::vector<double>> log_starts;
    for (const auto& s : starts) log_starts.push_back({std::log(s.p), std::log(s.q), std::log(s.gamma)});
    const Minimum best = minimize(
        [&](const std::vector<double>& theta) {
            for (double v : theta)
                if (!(std::fabs(v) <= kLogBound)) return std::numeric_limits<double>::infinity();
            return -gamma_gamma_log_likelihood(from_log(theta), data);
        },
        log_starts);
    GammaGammaFit fit;
    fit.params = from_log(best.x);
    fit.log_likelihood = -best.value;
    fit.evaluations = best.evaluations;
    fit.converged = best.converged;
    return fit;
}

double gamma_gamma_expected_spend(const GammaGammaParams& params, double x, double zbar) {
    if (x <= 0) return gamma_gamma_population_mean(params);
    const double denominator = params.p * x + params.q - 1;
    if (!(denominator > 0)) return std::nan("");
    return (params.gamma + x * zbar) * params.p / denominator;
}

double gamma_gamma_population_mean(const GammaGammaParams& params) {
    return params.q > 1 ? params.p * params.gamma / (params.q - 1) : std::nan("");
}

}  // namespace persona::value
