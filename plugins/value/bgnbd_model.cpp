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

constexpr double kSeriesTolerance = 1e-16;   // a series stops when its error bound is below this x |sum|
constexpr int kMomentTerms = 200;            // the moment series gives up after this many terms
constexpr long kSeriesTerms = 20000;         // the 2F1 series gives up after this many terms (quadrature is cheaper)
constexpr double kMaxCancellation = 1e4;     // accept a series when sum |terms| <= this x |sum| (~4 digits lost)

// E[Y(t) | alive] as an expectation over the dropout probability: given alive, lambda ~ Gamma(r + x, alpha + T)
// and p ~ Beta(a, b + x), and a customer with (lambda, p) makes (1 - e^(-lambda p t)) / p purchases in expectation
// over the next t, so E[Y(t) | alive] = E_p[f(p)] with f(p) = (1 - (1 + p s)^-k) / p, k = r + x and
// s = t / (alpha + T). The methods below compute this one quantity.
struct AliveMeanProblem {
    double k, s, a, b;  // b = the BG/NBD b + x (the second Beta parameter given x)
    AliveMeanProblem(const BgNbdParams& p, double x, double T, double t)
        : k(p.r + x), s(t / (p.alpha + T)), a(p.a), b(p.b + x) {}
};

// By the moments of p: f(p) = sum_n c_n p^n with c_n = (-1)^n (k)_(n+1) s^(n+1) / (n+1)! (from
// f(p) = k integral_0^s (1 + p sigma)^-(k+1) d sigma). The derivatives of (1 + y)^-(k+1) alternate in sign and
// shrink in magnitude for y >= 0, so the Taylor remainder after n terms is at most |c_n| p^n for EVERY p in
// [0, 1] (also where p s > 1 and the power series itself diverges), and with E[p^n] = (a)_n / (a + b)_n the
// truncated sum errs by at most the first left-out term. Term 0 is k s = (r + x) t / (alpha + T), the NBD
// expectation; term n+1 / term n = -s (k + 1 + n) (a + n) / ((n + 2) (a + b + n)), tiny when a / (a + b) is.
// False when the bound does not fall below kSeriesTolerance within kMomentTerms terms.
bool alive_mean_by_moments(const AliveMeanProblem& q, double& out) {
    double term = q.k * q.s, sum = term, magnitude = std::fabs(term);
    for (int n = 0; n < kMomentTerms; ++n) {
        term *= -q.s * (q.k + 1 + n) * (q.a + n) / ((n + 2) * (q.a + q.b + n));
        sum += term;
        magnitude += std::fabs(term);
        if (std::fabs(term) <= kSeriesTolerance * std::fabs(sum)) {
            out = sum;
            return magnitude <= kMaxCancellation * std::fabs(sum) && std::isfinite(sum);
        }
    }
    return false;
}

// By the series: the numerator of eq. 10 through Euler's transformation, 2F1(A, B; C; z) =
// (1 - z)^(C - A - B) 2F1(C - A, C - B; C; z), so (1 - z)^(r + x) 2F1(r + x, b + x; C; z) = (1 - z)^(a - 1)
// 2F1(a + b - 1 - r, a - 1; C; z) with C = a + b + x - 1. False when the series is unusable: a = 1 (0/0),
// a pole, no convergence within kSeriesTerms, or too much cancellation, in the sum (r much larger than a + b)
// or in 1 - (1 - z)^(a - 1) 2F1 (a -> 0 with b large).
bool alive_mean_by_euler_series(const BgNbdParams& p, double x, double T, double t, double& out) {
    if (std::fabs(p.a - 1) < 1e-4) return false;
    const double c = p.a + p.b + x - 1;
    const double z = t / (p.alpha + T + t);
    SeriesSum f;
    try {
        f = hyp2f1_series(p.a + p.b - 1 - p.r, p.a - 1, c, z, kSeriesTerms);
    } catch (const Error&) {
        return false;
    }
    const double w = std::pow(1 - z, p.a - 1) * f.value;
    const double lost = f.magnitude / std::fabs(f.value) * std::fabs(w) / std::fabs(1 - w);
    if (!(lost <= kMaxCancellation)) return false;
    out = c / (p.a - 1) * (1 - w);
    return std::isfinite(out);
}

// e^-y - 1 + y (>= 0) without cancellation for small y.
double exp_minus_one_plus(double y) {
    if (y >= 1) return std::expm1(-y) + y;
    double term = y * y / 2, sum = 0;
    for (int n = 3; std::fabs(term) > 1e-17 * sum; ++n) {
        sum += term;
        term *= -y / n;
    }
    return sum;
}

// log(1 + u) - u (<= 0) without cancellation for small u >= 0.
double log1p_minus(double u) {
    if (u >= 0.25) return std::log1p(u) - u;
    double power = u * u, sum = 0;
    for (int n = 2; power / n > 1e-17 * std::fabs(sum); ++n, power *= u) sum += (n % 2 == 0 ? -power : power) / n;
    return sum;
}

// (f(p) - f(0)) / p = (1 - (1 + u)^-k - k u) / p^2 with u = p s: smooth on [0, 1], -k (k + 1) s^2 / 2 at p = 0.
// For small (k + 2) u by its Taylor series in u (alternating, ratio -(k + n + 2) u / (n + 3)); otherwise the
// numerator as -(e^-y - 1 + y) + k (log(1 + u) - u) with y = k log(1 + u): two terms of one sign, no cancellation.
double slope_from_zero(const AliveMeanProblem& q, double prob) {
    const double u = prob * q.s;
    if ((q.k + 2) * u <= 0.5) {
        double term = -q.k * (q.k + 1) / 2 * q.s * q.s, sum = 0;
        for (int n = 0; std::fabs(term) > 1e-17 * std::fabs(sum); ++n) {
            sum += term;
            term *= -(q.k + n + 2) * u / (n + 3);
        }
        return sum;
    }
    const double log_1pu = std::log1p(u);
    const double numerator = -exp_minus_one_plus(q.k * log_1pu) + q.k * log1p_minus(u);
    return numerator / (prob * prob);
}

// The tanh-sinh range: both tails of p^e1 (1 - p)^e2 vanish (below e^-60) once pi sinh(tau) min(e1, e2) >= 60.
double tau_range(double e1, double e2) { return std::asinh(60 / (M_PI * std::min({e1, e2, 1.0}))) + 0.5; }

// By quadrature of E_p[f(p)] as written: the Beta(a, b) density times f. The density's p^(a-1) spike at 0 needs a
// tau range growing like log(1 / a), and for small a it puts weight on p down to 1e-300 and below.
double alive_mean_by_reference_quadrature(const AliveMeanProblem& q) {
    const double log_beta = std::lgamma(q.a) + std::lgamma(q.b) - std::lgamma(q.a + q.b);
    // Beta(a, b) density times p (1 - p), from the logs; f(p) -> k s as p -> 0. Below p = 1e-300 f is k s to
    // double precision, and p itself would lose digits (subnormal) where a small a still puts weight.
    auto g = [&](double log_p, double log_q) {
        const double weight = std::exp(q.a * log_p + q.b * log_q - log_beta);
        if (weight == 0) return 0.0;
        const double prob = std::exp(log_p);
        const double f = prob > 1e-300 ? -std::expm1(-q.k * std::log1p(prob * q.s)) / prob : q.k * q.s;
        return weight * f;
    };
    return integrate_unit_interval(g, tau_range(q.a, q.b));
}

// By quadrature for a < 1: E[f(p)] = f(0) + E[p (f(p) - f(0)) / p], the second an integral of the smooth
// slope_from_zero against p^a (1 - p)^(b - 1) / B(a, b), which has no singularity at p = 0 (and is O(a / (a + b))).
// For a >= 1 the density is bounded and the reference quadrature is used.
double alive_mean_by_quadrature(const AliveMeanProblem& q) {
    if (q.a >= 1) return alive_mean_by_reference_quadrature(q);
    const double log_beta = std::lgamma(q.a) + std::lgamma(q.b) - std::lgamma(q.a + q.b);
    auto g = [&](double log_p, double log_q) {
        const double weight = std::exp((q.a + 1) * log_p + q.b * log_q - log_beta);
        if (weight == 0) return 0.0;
        return weight * slope_from_zero(q, std::exp(log_p));
    };
    const double f0 = q.k * q.s;
    // Tolerance relative to f(0): the correction may be far smaller than the result.
    return f0 + integrate_unit_interval(g, tau_range(q.a + 1, q.b), 1e-13, f0);
}

AliveMean alive_mean(const BgNbdParams& p, double x, double T, double t, AliveMeanMethod method) {
    const AliveMeanProblem q(p, x, T, t);
    double out = 0;
    switch (method) {
        case AliveMeanMethod::automatic:
            if (alive_mean_by_moments(q, out)) return {out, AliveMeanMethod::moment_series};
            if (alive_mean_by_euler_series(p, x, T, t, out)) return {out, AliveMeanMethod::euler_series};
            return {alive_mean_by_quadrature(q), AliveMeanMethod::quadrature};
        case AliveMeanMethod::moment_series:
            if (alive_mean_by_moments(q, out)) return {out, method};
            break;
        case AliveMeanMethod::euler_series:
            if (alive_mean_by_euler_series(p, x, T, t, out)) return {out, method};
            break;
        case AliveMeanMethod::quadrature:
            return {alive_mean_by_quadrature(q), method};
        case AliveMeanMethod::reference_quadrature:
            return {alive_mean_by_reference_quadrature(q), method};
    }
    throw Error(std::string("BG/NBD: the ") + alive_mean_method_name(method) + " does not converge for r=" +
                std::to_string(p.r) + " alpha=" + std::to_string(p.alpha) + " a=" + std::to_string(p.a) +
                " b=" + std::to_string(p.b) + " x=" + std::to_string(x) + " T=" + std::to_string(T) +
                " t=" + std::to_string(t));
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

std::vector<double> BgNbdLikelihood::repeat_terms(const BgNbdParams& p) const {
    // log[Gamma(r + x) / Gamma(r)] + log[B(a, b + x) / B(a, b)] = sum_{j < x} [log(r + j) + log(1 - a / (a + b + j))],
    // summed up to kSummedRepeats purchases; beyond (rare, and only without merge_same_day) from lgamma differences.
    constexpr int64_t kSummedRepeats = 2000;
    std::vector<double> out(distinct_x_.size());
    double sum = 0;
    int64_t j = 0;
    for (size_t k = 0; k < distinct_x_.size(); ++k) {
        const int64_t x = distinct_x_[k];
        for (; j < std::min(x, kSummedRepeats); ++j) {
            const double dj = static_cast<double>(j);
            sum += std::log(p.r + dj) + std::log1p(-p.a / (p.a + p.b + dj));
        }
        out[k] = sum;
        if (x > j) {
            const double m = static_cast<double>(j), dx = static_cast<double>(x), ab = p.a + p.b;
            out[k] += std::lgamma(p.r + dx) - std::lgamma(p.r + m) + std::lgamma(p.b + dx) - std::lgamma(p.b + m) -
                      std::lgamma(ab + dx) + std::lgamma(ab + m);
        }
    }
    return out;
}

double BgNbdLikelihood::operator()(const BgNbdParams& p) const {
    // LL_i = A1 + A2 + log(exp(A3) + [x > 0] exp(A4)) with (FHL 2005 eq. 6)
    //   A1 = lgamma(r + x) - lgamma(r) + r log(alpha)
    //   A2 = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x)
    //   A3 = -(r + x) log(alpha + T)
    //   A4 = log(a) - log(b + x - 1) - (r + x) log(alpha + t_x)
    const size_t k = distinct_x_.size();
    const std::vector<double> repeat = repeat_terms(p);
    std::vector<double> log_a4_factor(k, 0.0);
    double total = static_cast<double>(data_.size()) * p.r * std::log(p.alpha);
    for (size_t j = 0; j < k; ++j) {
        const double x = static_cast<double>(distinct_x_[j]);
        total += count_of_x_[j] * repeat[j];
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

const char* alive_mean_method_name(AliveMeanMethod method) {
    switch (method) {
        case AliveMeanMethod::automatic: return "automatic";
        case AliveMeanMethod::moment_series: return "moment_series";
        case AliveMeanMethod::euler_series: return "euler_series";
        case AliveMeanMethod::quadrature: return "quadrature";
        case AliveMeanMethod::reference_quadrature: return "reference_quadrature";
    }
    return "unknown";
}

AliveMean bgnbd_alive_mean(const BgNbdParams& p, double x, double T, double t, AliveMeanMethod method) {
    check_history(x, 0, T, t);
    if (t == 0) return {0, AliveMeanMethod::automatic};
    return alive_mean(p, x, T, t, method);
}

double bgnbd_expected_purchases(const BgNbdParams& p, double x, double t_x, double T, double t, AliveMeanMethod method,
                                AliveMeanMethod* used) {
    check_history(x, t_x, T, t);
    const AliveMean alive = bgnbd_alive_mean(p, x, T, t, method);
    if (used) *used = alive.method;
    return alive.value / (1 + std::exp(log_odds_dead(p, x, t_x, T)));
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
