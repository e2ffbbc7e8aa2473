// Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie 2013 note): each
// transaction value z ~ Gamma(p, nu), nu ~ Gamma(q, gamma) across customers, independent of the purchase
// process. Fit on the customers' average repeat transaction values.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace persona::value {

// The three population parameters (gamma is in money units).
struct GammaGammaParams {
    double p = 1, q = 1, gamma = 1;
};

// Per customer with x >= 1 repeat transactions: x and zbar, the mean value of those transactions (> 0).
struct SpendData {
    std::vector<int64_t> x;
    std::vector<double> zbar;
    size_t size() const { return x.size(); }
};

// The log-likelihood of all customers, summed:
//   LL_i = lgamma(p x + q) - lgamma(p x) - lgamma(q) + q log(gamma) + (p x - 1) log(zbar) + p x log(x)
//          - (p x + q) log(gamma + x zbar)
double gamma_gamma_log_likelihood(const GammaGammaParams& params, const SpendData& data);

// The maximum-likelihood fit and how it was reached.
struct GammaGammaFit {
    GammaGammaParams params;
    double log_likelihood = 0;
    int evaluations = 0;
    bool converged = false;
};

// Maximises the likelihood over log(p), log(q), log(gamma) (Nelder-Mead, three starts, restarts).
// Throws persona::Error when there are no customers or a customer has x < 1 or zbar <= 0.
GammaGammaFit fit_gamma_gamma(const SpendData& data);

// E[Z | x, zbar]: the customer's expected mean transaction value, (gamma + x zbar) p / (p x + q - 1), a
// weighted mean of the population mean and zbar. With x = 0 it is the population mean. NaN when not defined
// (p x + q <= 1).
double gamma_gamma_expected_spend(const GammaGammaParams& params, double x, double zbar);

// The population mean transaction value p gamma / (q - 1); NaN when q <= 1.
double gamma_gamma_population_mean(const GammaGammaParams& params);

}  // namespace persona::value
