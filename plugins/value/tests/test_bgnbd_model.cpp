// BG/NBD math: likelihood by hand, the published conditional expectation, P(alive), the a = 1 limit,
// discounting, and the maximum-likelihood fit on simulated customers.
#include <catch2/catch.hpp>
#include <cmath>

#include "bgnbd_model.h"
#include "value_test_support.h"

using persona::value::BgNbdFit;
using persona::value::BgNbdLikelihood;
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

TEST_CASE("BG/NBD expectation: the quadrature path agrees with the 2F1 series", "[bgnbd]") {
    using persona::value::bgnbd_expected_purchases;
    using persona::value::bgnbd_expected_purchases_quadrature;
    for (const BgNbdParams& p : {kCdnow, BgNbdParams{2.0, 10.0, 0.05, 0.3}, BgNbdParams{0.5, 1.0, 3.0, 8.0}}) {
        for (double x : {0.0, 1.0, 2.0, 7.0, 40.0}) {
            const double t_x = x > 0 ? 20.0 : 0.0;
            for (double t : {1.0, 39.0, 400.0}) {
                INFO("r " << p.r << " alpha " << p.alpha << " a " << p.a << " b " << p.b << " x " << x << " t " << t);
                CHECK(bgnbd_expected_purchases_quadrature(p, x, t_x, 38.86, t) ==
                      Approx(bgnbd_expected_purchases(p, x, t_x, 38.86, t)).epsilon(1e-10));
            }
        }
    }
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
