#include "bgnbd_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "hypergeometric.h"
#include "nelder_mead.h"
#include "tanh_sinh.h"
#include "persona/error.h"

namespace persona::value {

namespace {

constexpr double kLogBound = 20.0;  // log-parameters beyond +-20 (e^20 ~ 5e8) are outside the search region

// log(exp(u) + exp(v)) without overflow.
double log_add_exp(double u, double v) {
    const double m = std::max(u, v);
    return m + std::log(std::exp(u - m) + std::exp(v - m));
}

BgNbdParams from_log(const std::vector<double>& theta) {
    return {std::exp(theta[0]), std::exp(theta[1]), std::exp(theta[2]), std::exp(theta[3])};
}

// -LL as a function of the log-parameters; +inf outside the search region.
double negative_log_likelihood(const BgNbdLikelihood& ll, const std::vector<double>& theta) {
    for (double v : theta)
        if (!(std::fabs(v) <= kLogBound)) return std::numeric_limits<double>::infinity();
    return -ll(from_log(theta));
}

// |gradient| of LL over the log-parameters by central differences.
double gradient_norm(const BgNbdLikelihood& ll, const std::vector<double>& theta) {
    const double h = 1e-5;
    double sum = 0;
    for (size_t k = 0; k < theta.size(); ++k) {
        std::vector<double> up = theta, down = theta;
        up[k] += h;
        down[k] -= h;
        const double g = (ll(from_log(up)) - ll(from_log(down))) / (2 * h);
        sum += g * g;
    }
    return std::sqrt(sum);
}

// 1 / P(alive) - 1 in logs: log(a / (b + x - 1)) + (r + x) log((alpha + T) / (alpha + t_x)); -inf when x = 0.
double log_odds_dead(const BgNbdParams& p, double x, double t_x, double T) {
    if (x <= 0) return -std::numeric_limits<double>::infinity();
    return std::log(p.a) - std::log(p.b + x - 1) + (p.r + x) * (std::log(p.alpha + T) - std::log(p.alpha + t_x));
}

void check_history(double x, double t_x, double T, double t) {
    if (!(x >= 0 && t_x >= 0 && T >= t_x && t >= 0))
        throw Error("BG/NBD: a customer history needs x >= 0, 0 <= t_x <= T and t >= 0, got x=" + std::to_string(x) +
                    " t_x=" + std::to_string(t_x) + " T=" + std::to_string(T) + " t=" + std::to_string(t));
}

constexpr long kSeriesTerms = 20000;        // beyond this the quadrature is cheaper
constexpr double kMaxCancellation = 1e4;    // accept the series when sum |terms| <= this x |sum| (~4 digits lost)

// E[Y(t) | alive] by the series: the numerator of eq. 10 through Euler's transformation, 2F1(A, B; C; z) =
// (1 - z)^(C - A - B) 2F1(C - A, C - B; C; z), so (1 - z)^(r + x) 2F1(r + x, b + x; C; z) = (1 - z)^(a - 1)
// 2F1(a + b - 1 - r, a - 1; C; z) with C = a + b + x - 1. False when the series is unusable: a = 1 (0/0),
// a pole, no convergence within kSeriesTerms, or too much cancellation (r much larger than a + b).
bool alive_mean_by_series(const BgNbdParams& p, double x, double T, double t, double& out) {
    if (std::fabs(p.a - 1) < 1e-4) return false;
    const double c = p.a + p.b + x - 1;
    const double z = t / (p.alpha + T + t);
    SeriesSum f;
    try {
        f = hyp2f1_series(p.a + p.b - 1 - p.r, p.a - 1, c, z, kSeriesTerms);
    } catch (const Error&) {
        return false;
    }
    if (!(f.magnitude <= kMaxCancellation * std::fabs(f.value))) return false;
    out = c / (p.a - 1) * (1 - std::pow(1 - z, p.a - 1) * f.value);
    return std::isfinite(out);
}

// E[Y(t) | alive] by quadrature: given alive, lambda ~ Gamma(r + x, alpha + T) and p ~ Beta(a, b + x), and a
// customer with (lambda, p) makes (1 - e^(-lambda p t)) / p purchases in expectation over the next t, so
// E[Y(t) | alive] = E_p[(1 - (1 + p s)^-(r + x)) / p] with s = t / (alpha + T), an integral over p in (0, 1).
double alive_mean_by_quadrature(const BgNbdParams& p, double x, double T, double t) {
    const double k = p.r + x, s = t / (p.alpha + T), bx = p.b + x;
    const double log_beta = std::lgamma(p.a) + std::lgamma(bx) - std::lgamma(p.a + bx);
    // Beta(a, b + x) density times p (1 - p), from the logs; (1 - (1 + p s)^-k) / p -> k s as p -> 0.
    auto g = [&](double log_p, double log_q) {
        const double weight = std::exp(p.a * log_p + bx * log_q - log_beta);
        if (weight == 0) return 0.0;
        const double prob = std::exp(log_p);
        const double per_customer = prob > 0 ? -std::expm1(-k * std::log1p(prob * s)) / prob : k * s;
        return weight * per_customer;
    };
    // Both tails vanish (below e^-60) once pi sinh(tau) min(a, b + x) >= 60.
    const double tau_max = std::asinh(60 / (M_PI * std::min({p.a, bx, 1.0}))) + 0.5;
    return integrate_unit_interval(g, tau_max);
}

}  // namespace

BgNbdLikelihood::BgNbdLikelihood(const RfmData& data) : data_(data) {
    distinct_x_ = data.x;
    std::sort(distinct_x_.begin(), distinct_x_.end());
    distinct_x_.erase(std::unique(distinct_x_.begin(), distinct_x_.end()), distinct_x_.end());
    count_of_x_.assign(distinct_x_.size(), 0.0);
    x_index_.resize(data.size());
    for (size_t i = 0; i < data.size(); ++i) {
        x_index_[i] = static_cast<size_t>(std::lower_bound(distinct_x_.begin(), distinct_x_.end(), data.x[i]) -
                                          distinct_x_.begin());
        count_of_x_[x_index_[i]] += 1;
    }
}

double BgNbdLikelihood::operator()(const BgNbdParams& p) const {
    // LL_i = A1 + A2 + log(exp(A3) + [x > 0] exp(A4)) with (FHL 2005 eq. 6)
    //   A1 = lgamma(r + x) - lgamma(r) + r log(alpha)
    //   A2 = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x)
    //   A3 = -(r + x) log(alpha + T)
    //   A4 = log(a) - log(b + x - 1) - (r + x) log(alpha + t_x)
    const size_t k = distinct_x_.size();
    std::vector<double> log_a4_factor(k, 0.0);
    double total = 0;
    const double common = -std::lgamma(p.r) + p.r * std::log(p.alpha) + std::lgamma(p.a + p.b) - std::lgamma(p.b);
    for (size_t j = 0; j < k; ++j) {
        const double x = static_cast<double>(distinct_x_[j]);
        const double a1a2 = common + std::lgamma(p.r + x) + std::lgamma(p.b + x) - std::lgamma(p.a + p.b + x);
        total += count_of_x_[j] * a1a2;
        if (x > 0) log_a4_factor[j] = std::log(p.a) - std::log(p.b + x - 1);
    }
    for (size_t i = 0; i < data_.size(); ++i) {
        const double x = static_cast<double>(data_.x[i]);
        const double a3 = -(p.r + x) * std::log(p.alpha + data_.T[i]);
        if (x > 0) total += log_add_exp(a3, log_a4_factor[x_index_[i]] - (p.r + x) * std::log(p.alpha + data_.t_x[i]));
        else total += a3;
    }
    return total;
}

BgNbdFit fit_bgnbd(const RfmData& data) {
    if (data.size() == 0) throw Error("BG/NBD: no customers to fit");
    double sum_x = 0, sum_T = 0;
    for (size_t i = 0; i < data.size(); ++i) {
        check_history(static_cast<double>(data.x[i]), data.t_x[i], data.T[i], 0);
        sum_x += static_cast<double>(data.x[i]);
        sum_T += data.T[i];
    }
    if (sum_T <= 0) throw Error("BG/NBD: every customer has T = 0 (all first purchases at the calibration end)");
    // Starts: purchase rate r / alpha near the observed x / T, and three shapes of heterogeneity and dropout.
    const double rate = std::max(sum_x, 0.1 * static_cast<double>(data.size())) / sum_T;
    const std::vector<BgNbdParams> starts = {{1, 1 / rate, 1, 1}, {0.1, 0.1 / rate, 0.5, 2}, {3, 3 / rate, 3, 10}};
    std::vector<std::vector<double>> log_starts;
    for (const auto& s : starts)
        log_starts.push_back({std::log(s.r), std::log(s.alpha), std::log(s.a), std::log(s.b)});
    const BgNbdLikelihood ll(data);
    const Minimum best = minimize([&](const std::vector<double>& theta) { return negative_log_likelihood(ll, theta); },
                                  log_starts);
    BgNbdFit fit;
    fit.params = from_log(best.x);
    fit.log_likelihood = -best.value;
    fit.evaluations = best.evaluations;
    fit.restarts = best.restarts;
    fit.converged = best.converged;
    fit.gradient_norm = gradient_norm(ll, best.x);
    return fit;
}

double bgnbd_expected_purchases(const BgNbdParams& p, double x, double t_x, double T, double t) {
    check_history(x, t_x, T, t);
    if (t == 0) return 0;
    double alive_mean;
    if (!alive_mean_by_series(p, x, T, t, alive_mean)) alive_mean = alive_mean_by_quadrature(p, x, T, t);
    return alive_mean / (1 + std::exp(log_odds_dead(p, x, t_x, T)));
}

double bgnbd_expected_purchases_quadrature(const BgNbdParams& p, double x, double t_x, double T, double t) {
    check_history(x, t_x, T, t);
    if (t == 0) return 0;
    return alive_mean_by_quadrature(p, x, T, t) / (1 + std::exp(log_odds_dead(p, x, t_x, T)));
}

double bgnbd_discounted_purchases(const BgNbdParams& p, double x, double t_x, double T, double horizon,
                                  double discount) {
    if (discount == 0) return bgnbd_expected_purchases(p, x, t_x, T, horizon);
    double total = 0, before = 0;
    for (double k = 1; k - 1 < horizon; k += 1) {
        const double t = std::min(k, horizon);
        const double upto = bgnbd_expected_purchases(p, x, t_x, T, t);
        total += (upto - before) / std::pow(1 + discount, t);
        before = upto;
    }
    return total;
}

double bgnbd_expected_purchases_direct(const BgNbdParams& p, double x, double t_x, double T, double t) {
    check_history(x, t_x, T, t);
    const double z = t / (p.alpha + T + t);
    const double f = hyp2f1(p.r + x, p.b + x, p.a + p.b + x - 1, z);
    const double numerator =
        (p.a + p.b + x - 1) / (p.a - 1) * (1 - std::pow((p.alpha + T) / (p.alpha + T + t), p.r + x) * f);
    return numerator / (1 + std::exp(log_odds_dead(p, x, t_x, T)));
}

double bgnbd_p_alive(const BgNbdParams& p, double x, double t_x, double T) {
    check_history(x, t_x, T, 0);
    return 1 / (1 + std::exp(log_odds_dead(p, x, t_x, T)));
}

}  // namespace persona::value
