// BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): repeat purchases while alive
// are Poisson(lambda), lambda ~ Gamma(r, alpha); after each purchase the customer drops out with probability
// p, p ~ Beta(a, b). Likelihood, maximum-likelihood fit, conditional expectation and P(alive).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace persona::value {

// The four population parameters (alpha is in the time unit of t_x and T).
struct BgNbdParams {
    double r = 1, alpha = 1, a = 1, b = 1;
};

// Per customer of the calibration period: x repeat purchases, t_x the time of the last purchase and T the
// end of the period, both measured from the customer's first purchase.
struct RfmData {
    std::vector<int64_t> x;
    std::vector<double> t_x, T;
    size_t size() const { return x.size(); }
};

// The log-likelihood of all customers, summed. The terms that depend on x only (ratios of Gamma functions) are
// computed once per distinct x, as sums of logs rather than differences of lgamma: those differences of large
// numbers would add rounding noise (~1e-6 at b = 6e4, ~1e-2 at b = 1e9) that Nelder-Mead mistakes for slope on
// the flat ridges where fits end (a / (a + b) -> 0, or r and alpha -> infinity).
class BgNbdLikelihood {
public:
    explicit BgNbdLikelihood(const RfmData& data);
    double operator()(const BgNbdParams& p) const;

private:
    // Per distinct x: log[Gamma(r + x) / Gamma(r)] + log[B(a, b + x) / B(a, b)].
    std::vector<double> repeat_terms(const BgNbdParams& p) const;

    const RfmData& data_;
    std::vector<int64_t> distinct_x_;   // sorted distinct frequencies
    std::vector<size_t> x_index_;       // per customer: its position in distinct_x_
    std::vector<double> count_of_x_;    // customers per distinct x
};

// The maximum-likelihood fit and how it was reached.
struct BgNbdFit {
    BgNbdParams params;
    double log_likelihood = 0;
    int evaluations = 0;
    int restarts = 0;
    bool converged = false;
    double gradient_norm = 0;  // |d LL / d log(param)| at the optimum, by central differences
};

// Maximises the likelihood over log(r), log(alpha), log(a), log(b) with Nelder-Mead from three starts and
// restarts. Throws persona::Error when there are no customers or every T is 0.
BgNbdFit fit_bgnbd(const RfmData& data);

// How E[Y(t) | alive] is computed. `automatic` takes the first of moment_series, euler_series, quadrature that
// works; the others force one method (an Error when a series does not converge) for tests and comparison.
//  - moment_series: the expectation over the dropout probability p term by term in the moments E[p^n]; its first
//    term (r + x) t / (alpha + T) is the NBD expectation (the limit a / (a + b) -> 0 where nobody drops out), and
//    it converges fast when dropout probabilities are small, as in fits that reach that limit.
//  - euler_series: FHL 2005 eq. 10 with 2F1 through Euler's transformation.
//  - quadrature: the integral over p by tanh-sinh; for a < 1 the p = 0 value is taken out first, so the cost does
//    not grow with 1 / a.
//  - reference_quadrature: the integral over p as written, Beta(a, b + x) density included (for tests).
enum class AliveMeanMethod { automatic, moment_series, euler_series, quadrature, reference_quadrature };

// "moment_series", "euler_series", ... (the enumerator's name).
const char* alive_mean_method_name(AliveMeanMethod method);

// E[Y(t) | alive, x, T]: the expected purchases in the next t time units of a customer who is still alive, and
// the method that computed it.
struct AliveMean {
    double value = 0;
    AliveMeanMethod method = AliveMeanMethod::automatic;
};
AliveMean bgnbd_alive_mean(const BgNbdParams& p, double x, double T, double t,
                           AliveMeanMethod method = AliveMeanMethod::automatic);

// E[Y(t) | x, t_x, T]: the expected number of purchases in the next t time units of a customer with this
// history (FHL 2005 eq. 10) = P(alive) x E[Y(t) | alive]. `used` (when given) receives the method that computed
// E[Y(t) | alive] (automatic when t = 0).
double bgnbd_expected_purchases(const BgNbdParams& p, double x, double t_x, double T, double t,
                                AliveMeanMethod method = AliveMeanMethod::automatic, AliveMeanMethod* used = nullptr);

// P(alive | x, t_x, T) at the end of the calibration period (1 for customers without repeat purchases).
double bgnbd_p_alive(const BgNbdParams& p, double x, double t_x, double T);

// The expected purchases of the next `horizon` units discounted per unit: the sum over steps k = 1, 2, ...
// (the last one ending at `horizon`) of (E[Y(t_k)] - E[Y(t_(k-1))]) / (1 + discount)^t_k. With discount 0 it is
// E[Y(horizon)].
double bgnbd_discounted_purchases(const BgNbdParams& p, double x, double t_x, double T, double horizon, double discount);

// The same expectation straight from FHL 2005 eq. 10, with 2F1(r+x, b+x; a+b+x-1; z) (for tests).
double bgnbd_expected_purchases_direct(const BgNbdParams& p, double x, double t_x, double T, double t);

}  // namespace persona::value
