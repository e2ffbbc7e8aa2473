// Gamma-Gamma spend model: likelihood by hand, the conditional mean, and the fit on simulated customers.
#include <catch2/catch.hpp>
#include <cmath>

#include "gamma_gamma_model.h"
#include "value_test_support.h"

using persona::value::GammaGammaParams;
using persona::value::SpendData;

TEST_CASE("Gamma-Gamma log-likelihood matches a hand computation", "[gamma_gamma]") {
    // p = q = gamma = 1, one customer with x = 1, zbar = 2: z ~ Exp(nu), nu ~ Exp(1), so the density of z is
    // integral nu e^(-nu z) e^(-nu) d nu = 1 / (1 + z)^2 = 1 / 9.
    SpendData d;
    d.x = {1};
    d.zbar = {2};
    CHECK(persona::value::gamma_gamma_log_likelihood({1, 1, 1}, d) == Approx(-std::log(9.0)).epsilon(1e-14));
    // x = 2: x zbar = z1 + z2 ~ Gamma(2, nu), and zbar = sum / 2 has density 4 zbar nu^2 e^(-2 nu zbar); mixed over
    // nu ~ Exp(1): 4 zbar * 2 / (1 + 2 zbar)^3; at zbar = 1: 8 / 27.
    d.x = {2};
    d.zbar = {1};
    CHECK(persona::value::gamma_gamma_log_likelihood({1, 1, 1}, d) == Approx(std::log(8.0 / 27)).epsilon(1e-14));
}

TEST_CASE("Gamma-Gamma conditional mean spend weighs the population mean and the customer's mean", "[gamma_gamma]") {
    const GammaGammaParams g{6.25, 3.74, 15.44};  // FHL 2005 "RFM and CLV", CDNOW
    // Population mean p gamma / (q - 1) = 6.25 x 15.44 / 2.74 = 35.2190...
    CHECK(persona::value::gamma_gamma_population_mean(g) == Approx(6.25 * 15.44 / 2.74).epsilon(1e-15));
    CHECK(persona::value::gamma_gamma_expected_spend(g, 0, 0) == persona::value::gamma_gamma_population_mean(g));
    // x = 2, zbar = 30: (15.44 + 60) 6.25 / (12.5 + 2.74) = 30.9383...
    CHECK(persona::value::gamma_gamma_expected_spend(g, 2, 30) == Approx(75.44 * 6.25 / 15.24).epsilon(1e-15));
    // Many transactions: close to the customer's own mean.
    CHECK(persona::value::gamma_gamma_expected_spend(g, 1000, 30) == Approx(30).epsilon(0.001));
    CHECK(std::isnan(persona::value::gamma_gamma_population_mean({1, 0.9, 1})));
}

TEST_CASE("Gamma-Gamma fit recovers simulated parameters", "[gamma_gamma]") {
    const GammaGammaParams truth{6.0, 4.0, 15.0};
    const SpendData d = persona::testing::simulate_gamma_gamma(7, truth, 4000, 6);
    const auto fit = persona::value::fit_gamma_gamma(d);
    CHECK(fit.log_likelihood >= persona::value::gamma_gamma_log_likelihood(truth, d));
    CHECK(fit.converged);
    // p is well identified by the spread within customers; q and gamma less so, their mean p gamma / (q - 1)
    // (= 30) well.
    CHECK(fit.params.p == Approx(truth.p).epsilon(0.10));
    CHECK(persona::value::gamma_gamma_population_mean(fit.params) == Approx(30).epsilon(0.05));
}

TEST_CASE("Gamma-Gamma fit refuses customers without repeat value", "[gamma_gamma]") {
    CHECK_THROWS_WITH(persona::value::fit_gamma_gamma(SpendData{}), Catch::Contains("no customers"));
    SpendData d;
    d.x = {1, 0};
    d.zbar = {3, 4};
    CHECK_THROWS_WITH(persona::value::fit_gamma_gamma(d), Catch::Contains("x >= 1"));
    d.x = {1, 1};
    d.zbar = {3, 0};
    CHECK_THROWS_WITH(persona::value::fit_gamma_gamma(d), Catch::Contains("mean value > 0"));
}
