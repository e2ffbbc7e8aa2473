// BG/NBD math: likelihood by hand, the published conditional expectation, P(alive), the a = 1 limit,
// discounting, and the maximum-likelihood fit on simulated customers.
#include <catch2/catch.hpp>
#include <cmath>

#include "bgnbd_model.h"
#include "value_test_support.h"

using persona::value::BgNbdFit;
using persona::value::BgNbdLikelihood;
using persona::value::AliveMeanMethod;
using persona::value::BgNbdParams;
using persona::value::RfmData;

namespace {

// The parameters FHL 2005 publish for the CDNOW sample (weeks).
const BgNbdParams kCdnow{0.243, 4.414, 0.793, 2.426};

}  // namespace

TEST_CASE("BG/NBD log-likelihood matches a hand computation", "[bgnbd]") {
    // r = alpha = a = b = 1.
    // Customer 1: x = 0, T = 1: A1 = A2 = 0, A3 = -log(1 + 1)  ->  LL = -log 2.
    // Customer 2: x = 1, t_x = 1, T = 2: A1 = lgamma(2) - lgamma(1) = 0; A2 = lgamma(2) + lgamma(2) - lgamma(1)
    //   - lgamma(3) = -log 2; A3 = -2 log 3; A4 = log(1) - log(1) - 2 log 2  ->  LL = -log 2 + log(1/9 + 1/4)
    //   = log(13 / 72).
    RfmData d;
    d.x = {0, 1};
    d.t_x = {0, 1};
    d.T = {1, 2};
    const BgNbdLikelihood ll(d);
    CHECK(ll({1, 1, 1, 1}) == Approx(-std::log(2.0) + std::log(13.0 / 72)).epsilon(1e-14));
}

TEST_CASE("BG/NBD conditional expectation with the published CDNOW parameters is 1.226", "[bgnbd]") {
    // FHL 2005: customer with x = 2, t_x = 30.43, T = 38.86 weeks, the next 39 weeks.
    const double e = persona::value::bgnbd_expected_purchases(kCdnow, 2, 30.43, 38.86, 39);
    CHECK(std::round(e * 1000) / 1000 == 1.226);
    // The Euler-transformed 2F1 and FHL's eq. 10 as printed agree.
    CHECK(e == Approx(persona::value::bgnbd_expected_purchases_direct(kCdnow, 2, 30.43, 38.86, 39)).epsilon(1e-12));
    for (double x : {0.0, 1.0, 7.0, 40.0}) {
        const double t_x = x > 0 ? 20.0 : 0.0;
        CHECK(persona::value::bgnbd_expected_purchases(kCdnow, x, t_x, 38.86, 39) ==
              Approx(persona::value::bgnbd_expected_purchases_direct(kCdnow, x, t_x, 38.86, 39)).epsilon(1e-10));
    }
}

TEST_CASE("BG/NBD expectation: zero at t = 0, grows with t, defined far ahead (z near 1)", "[bgnbd]") {
    using persona::value::bgnbd_expected_purchases;
    CHECK(bgnbd_expected_purchases(kCdnow, 2, 30.43, 38.86, 0) == 0);
    double before = 0;
    for (double t : {1.0, 10.0, 39.0, 500.0, 5000.0, 50000.0}) {
        const double e = bgnbd_expected_purchases(kCdnow, 2, 30.43, 38.86, t);
        CHECK(e > before);
        before = e;
    }
    // Two repeat purchases, the last at the end of the period, predict more than none.
    CHECK(bgnbd_expected_purchases(kCdnow, 0, 0, 38.86, 39) < bgnbd_expected_purchases(kCdnow, 2, 38.86, 38.86, 39));
    CHECK_THROWS_WITH(bgnbd_expected_purchases(kCdnow, 2, 40, 38.86, 39), Catch::Contains("t_x <= T"));
}

TEST_CASE("BG/NBD expectation: the quadratures agree with the 2F1 series", "[bgnbd]") {
    using persona::value::bgnbd_expected_purchases;
    for (const BgNbdParams& p : {kCdnow, BgNbdParams{2.0, 10.0, 0.05, 0.3}, BgNbdParams{0.5, 1.0, 3.0, 8.0}}) {
        for (double x : {0.0, 1.0, 2.0, 7.0, 40.0}) {
            const double t_x = x > 0 ? 20.0 : 0.0;
            for (double t : {1.0, 39.0, 400.0}) {
                INFO("r " << p.r << " alpha " << p.alpha << " a " << p.a << " b " << p.b << " x " << x << " t " << t);
                const double series = bgnbd_expected_purchases(p, x, t_x, 38.86, t, AliveMeanMethod::euler_series);
                CHECK(bgnbd_expected_purchases(p, x, t_x, 38.86, t, AliveMeanMethod::reference_quadrature) ==
                      Approx(series).epsilon(1e-10));
                CHECK(bgnbd_expected_purchases(p, x, t_x, 38.86, t, AliveMeanMethod::quadrature) ==
                      Approx(series).epsilon(1e-10));
                CHECK(bgnbd_expected_purchases(p, x, t_x, 38.86, t) == Approx(series).epsilon(1e-10));
            }
        }
    }
}

TEST_CASE("BG/NBD expectation in the no-dropout limit is the NBD's (r + x) t / (alpha + T)", "[bgnbd]") {
    using persona::value::bgnbd_expected_purchases;
    // The Online Retail fit reaches a / (a + b) ~ 1e-10. Customer x = 4, t_x = 34, T = 276 / 7 = 39.43 weeks, the
    // next 13 weeks, r = 0.7236, alpha = 9.367: the NBD expectation k s with k = r + x = 4.7236 and
    // s = 13 / (9.367 + 39.4286) = 0.26642 is 1.25845027 (4.7236 x 13 / 48.795571).
    const double nbd = 4.7236 * 13 / (9.367 + 276.0 / 7);
    CHECK(nbd == Approx(1.25845027).epsilon(1e-8));
    AliveMeanMethod used = AliveMeanMethod::automatic;
    // a = 1e-12, b = 1: the first correction -s (k + 1) a / (2 (a + b + x)) ~ -1.5e-13 and the odds of having
    // dropped out a / (b + x - 1) (48.7956 / 43.367)^4.7236 ~ 4e-13 are below the tolerance.
    CHECK(bgnbd_expected_purchases({0.7236, 9.367, 1e-12, 1}, 4, 34, 276.0 / 7, 13, AliveMeanMethod::automatic, &used) ==
          Approx(nbd).epsilon(1e-12));
    CHECK(used == AliveMeanMethod::moment_series);
    CHECK(persona::value::bgnbd_p_alive({0.7236, 9.367, 1e-12, 1}, 4, 34, 276.0 / 7) == Approx(1).epsilon(1e-12));
    // a = 1e-3, b = 57019: E[Y | alive] = k s (1 - s (k + 1) a / (2 (a + b + x)) + O(1e-12)) = k s (1 - 1.3370639e-8),
    // odds = 1e-3 / 57022 x (48.795571 / 43.367)^4.7236 = 3.0612951e-8.
    const double e = bgnbd_expected_purchases({0.7236, 9.367, 1e-3, 57019}, 4, 34, 276.0 / 7, 13);
    CHECK(e == Approx(nbd * (1 - 1.3370639e-8) / (1 + 3.0612951e-8)).epsilon(1e-12));
    CHECK(e != Approx(nbd).epsilon(1e-8));
}

TEST_CASE("BG/NBD expectation: every method agrees with the reference quadrature on a grid", "[bgnbd]") {
    // From the no-dropout limit (a / (a + b) down to 2e-12, where the reference quadrature needs its finest
    // steps) to heavy dropout; x from 0 to 30; 13 and 52 weeks ahead.
    using persona::value::bgnbd_alive_mean;
    int64_t by_moments = 0, points = 0;
    for (double r : {0.25, 0.72, 3.0})
        for (double a : {1e-7, 4e-6, 1e-3, 0.05, 0.3})
            for (double b : {0.5, 3.0, 57019.0})
                for (double x : {0.0, 1.0, 4.0, 30.0})
                    for (double t : {13.0, 52.0}) {
                        const BgNbdParams p{r, 9.37, a, b};
                        INFO("r " << r << " a " << a << " b " << b << " x " << x << " t " << t);
                        const double reference = bgnbd_alive_mean(p, x, 39.43, t, AliveMeanMethod::reference_quadrature).value;
                        const auto automatic = bgnbd_alive_mean(p, x, 39.43, t);
                        CHECK(automatic.value == Approx(reference).epsilon(1e-9));
                        CHECK(bgnbd_alive_mean(p, x, 39.43, t, AliveMeanMethod::quadrature).value ==
                              Approx(reference).epsilon(1e-9));
                        by_moments += automatic.method == AliveMeanMethod::moment_series;
                        ++points;
                    }
    // The moment series takes the small-dropout half of the grid (a / (a + b) <= 2e-3 with x = 0: ratios tiny).
    CHECK(by_moments > points / 3);
    CHECK(by_moments < points);
}

TEST_CASE("BG/NBD moment series agrees with the 2F1 series, and refuses where it does not converge", "[bgnbd]") {
    using persona::value::bgnbd_alive_mean;
    // Short horizons (s = t / (alpha + T) small): both series converge.
    for (const BgNbdParams& p : {kCdnow, BgNbdParams{0.7236, 9.367, 0.01, 30}}) {
        for (double x : {0.0, 2.0, 10.0}) {
            const double moments = bgnbd_alive_mean(p, x, 38.86, 4, AliveMeanMethod::moment_series).value;
            CHECK(moments == Approx(bgnbd_alive_mean(p, x, 38.86, 4, AliveMeanMethod::euler_series).value).epsilon(1e-12));
        }
    }
    // CDNOW 400 weeks ahead: s = 400 / 43.27 = 9.2 and mean dropout 0.25; the terms grow (ratio -> -s).
    CHECK_THROWS_WITH(bgnbd_alive_mean(kCdnow, 2, 38.86, 400, AliveMeanMethod::moment_series),
                      Catch::Contains("moment_series does not converge"));
    CHECK(bgnbd_alive_mean(kCdnow, 2, 38.86, 400).method == AliveMeanMethod::euler_series);
}

TEST_CASE("BG/NBD log-likelihood is exact on the no-dropout ridge (a -> 0, b large): the NBD's", "[bgnbd]") {
    // With a = 1e-12 and b = 1e8 the dropout terms are ~1e-20: the BG/NBD log-likelihood is the NBD's,
    // sum_i lgamma(r + x) - lgamma(r) + r log alpha - (r + x) log(alpha + T). Differences of lgamma(b + x) ~ 1.7e9
    // would be off by ~1e-5 here; the sums of logs are exact to rounding.
    const RfmData d = persona::testing::simulate_bgnbd(7, {0.7, 9.0, 1e-9, 1.0}, 3000, 20, 40);
    double nbd = 0;
    for (size_t i = 0; i < d.size(); ++i) {
        const double x = static_cast<double>(d.x[i]);
        nbd += std::lgamma(0.7 + x) - std::lgamma(0.7) + 0.7 * std::log(9.0) - (0.7 + x) * std::log(9.0 + d.T[i]);
    }
    const BgNbdLikelihood ll(d);
    CHECK(std::fabs(ll({0.7, 9.0, 1e-12, 1e8}) - nbd) < 1e-8);
    CHECK(std::fabs(ll({0.7, 9.0, 1e-12, 1e8}) - ll({0.7, 9.0, 1e-12, 3e4})) < 1e-8);
}

TEST_CASE("BG/NBD expectation stays finite when r and alpha grow together (no rate heterogeneity)", "[bgnbd]") {
    // r / alpha = 0.1 purchases per week fixed; the Gamma mixing tightens around it as r grows, and the
    // expectation converges (the difference shrinks like 1 / r). The series cancels badly here and the
    // quadrature takes over.
    using persona::value::bgnbd_expected_purchases;
    for (double x : {0.0, 3.0}) {
        const double t_x = x > 0 ? 30.0 : 0.0;
        const double e4 = bgnbd_expected_purchases({1e4, 1e5, 0.8, 2.5}, x, t_x, 38.86, 39);
        const double e6 = bgnbd_expected_purchases({1e6, 1e7, 0.8, 2.5}, x, t_x, 38.86, 39);
        CHECK(std::isfinite(e6));
        CHECK(e6 > 0);
        CHECK(e6 == Approx(e4).epsilon(1e-3));
    }
}

TEST_CASE("BG/NBD P(alive) by hand", "[bgnbd]") {
    // r = alpha = a = b = 1, x = 1, t_x = 1, T = 2: odds of having left = a / (b + x - 1) ((alpha + T) /
    // (alpha + t_x))^(r + x) = (3 / 2)^2 = 2.25, P(alive) = 1 / 3.25.
    CHECK(persona::value::bgnbd_p_alive({1, 1, 1, 1}, 1, 1, 2) == Approx(1 / 3.25).epsilon(1e-14));
    CHECK(persona::value::bgnbd_p_alive(kCdnow, 0, 0, 38.86) == 1);
    // The last purchase at the end of the period: only the dropout after it can have happened.
    // odds = a / (b + x - 1) = 0.793 / 3.426.
    CHECK(persona::value::bgnbd_p_alive(kCdnow, 2, 38.86, 38.86) == Approx(1 / (1 + 0.793 / 3.426)).epsilon(1e-14));
}

TEST_CASE("BG/NBD expectation is continuous through a = 1", "[bgnbd]") {
    using persona::value::bgnbd_expected_purchases;
    BgNbdParams lo = kCdnow, one = kCdnow, hi = kCdnow;
    lo.a = 0.999;
    one.a = 1.0;
    hi.a = 1.001;
    const double e_lo = bgnbd_expected_purchases(lo, 3, 20, 38.86, 39);
    const double e_one = bgnbd_expected_purchases(one, 3, 20, 38.86, 39);
    const double e_hi = bgnbd_expected_purchases(hi, 3, 20, 38.86, 39);
    CHECK(std::isfinite(e_one));
    CHECK(e_one == Approx((e_lo + e_hi) / 2).epsilon(1e-6));
}

TEST_CASE("BG/NBD discounted purchases sum the per-unit increments", "[bgnbd]") {
    using persona::value::bgnbd_discounted_purchases;
    using persona::value::bgnbd_expected_purchases;
    CHECK(bgnbd_discounted_purchases(kCdnow, 2, 30.43, 38.86, 39, 0) ==
          bgnbd_expected_purchases(kCdnow, 2, 30.43, 38.86, 39));
    // Horizon 2.5 units at 10%: E(1) / 1.1 + (E(2) - E(1)) / 1.1^2 + (E(2.5) - E(2)) / 1.1^2.5.
    const double e1 = bgnbd_expected_purchases(kCdnow, 2, 30.43, 38.86, 1);
    const double e2 = bgnbd_expected_purchases(kCdnow, 2, 30.43, 38.86, 2);
    const double e25 = bgnbd_expected_purchases(kCdnow, 2, 30.43, 38.86, 2.5);
    CHECK(bgnbd_discounted_purchases(kCdnow, 2, 30.43, 38.86, 2.5, 0.1) ==
          Approx(e1 / 1.1 + (e2 - e1) / (1.1 * 1.1) + (e25 - e2) / std::pow(1.1, 2.5)).epsilon(1e-13));
}

TEST_CASE("BG/NBD fit recovers simulated parameters and beats the true ones in likelihood", "[bgnbd]") {
    const BgNbdParams truth{0.5, 6.0, 0.7, 3.0};
    const RfmData d = persona::testing::simulate_bgnbd(42, truth, 6000, 26, 52);
    const BgNbdFit fit = persona::value::fit_bgnbd(d);
    const BgNbdLikelihood ll(d);
    // The maximum of the likelihood is at least its value at the truth (and not far above: 4 parameters).
    CHECK(fit.log_likelihood >= ll(truth));
    CHECK(fit.log_likelihood - ll(truth) < 10);
    CHECK(fit.log_likelihood == Approx(ll(fit.params)).epsilon(1e-14));
    CHECK(fit.gradient_norm < 1e-3);
    CHECK(fit.converged);
    // Sampling error of 6,000 customers: r and alpha within 10%, the mean rate r / alpha within 5%.
    CHECK(fit.params.r == Approx(truth.r).epsilon(0.10));
    CHECK(fit.params.alpha == Approx(truth.alpha).epsilon(0.10));
    CHECK(fit.params.r / fit.params.alpha == Approx(truth.r / truth.alpha).epsilon(0.05));
    CHECK(fit.params.a / (fit.params.a + fit.params.b) == Approx(truth.a / (truth.a + truth.b)).epsilon(0.15));
}

TEST_CASE("BG/NBD fit refuses empty or degenerate data", "[bgnbd]") {
    CHECK_THROWS_WITH(persona::value::fit_bgnbd(RfmData{}), Catch::Contains("no customers"));
    RfmData zero;
    zero.x = {0};
    zero.t_x = {0};
    zero.T = {0};
    CHECK_THROWS_WITH(persona::value::fit_bgnbd(zero), Catch::Contains("T = 0"));
}
