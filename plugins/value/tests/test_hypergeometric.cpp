// hyp2f1 against closed forms of 2F1, near z = 1, for terminating series, and its errors.
#include <catch2/catch.hpp>
#include <cmath>

#include "hypergeometric.h"

using persona::value::hyp2f1;

TEST_CASE("hyp2f1 matches -log(1 - z) / z = 2F1(1, 1; 2; z), also close to z = 1", "[hyp2f1]") {
    for (double z : {-0.5, 0.1, 0.5, 0.9, 0.99, 0.999}) {
        INFO("z = " << z);
        CHECK(hyp2f1(1, 1, 2, z) == Approx(-std::log1p(-z) / z).epsilon(1e-13));
    }
    CHECK(hyp2f1(1, 1, 2, 0.5) == Approx(2 * std::log(2.0)).epsilon(1e-14));  // 1.3862943611198906
}

TEST_CASE("hyp2f1 matches (1 - z)^-a = 2F1(a, b; b; z) and arcsin(z) / z = 2F1(1/2, 1/2; 3/2; z^2)", "[hyp2f1]") {
    CHECK(hyp2f1(2.5, 1.7, 1.7, 0.3) == Approx(std::pow(0.7, -2.5)).epsilon(1e-14));
    CHECK(hyp2f1(0.243, 3.5, 3.5, 0.95) == Approx(std::pow(0.05, -0.243)).epsilon(1e-13));
    CHECK(hyp2f1(0.5, 0.5, 1.5, 0.25) == Approx(M_PI / 3).epsilon(1e-14));  // arcsin(1/2) / (1/2)
    CHECK(hyp2f1(3, 4, 5, 0) == 1.0);
}

TEST_CASE("hyp2f1 ends a terminating series exactly", "[hyp2f1]") {
    // 2F1(-2, 1; 2; z) = 1 + (-2)(1)/(2) z + (-2)(-1)(1)(2)/((2)(3) 2!) z^2 = 1 - z + z^2 / 3; at z = 0.6: 0.52.
    CHECK(hyp2f1(-2, 1, 2, 0.6) == Approx(0.52).epsilon(1e-15));
    // c = -3 is a pole only if the series reaches it; with a = -2 it stops first: 1 + (-2)(1)/(-3) z + ...
    // = 1 + 2z/3 + (-2)(-1)(1)(2)/((-3)(-2) 2) z^2 = 1 + 2z/3 + z^2/3; at z = 0.5: 1.41666...
    CHECK(hyp2f1(-2, 1, -3, 0.5) == Approx(1 + 1.0 / 3 + 0.25 / 3).epsilon(1e-15));
}

TEST_CASE("hyp2f1 refuses |z| >= 1 and a pole at c = 0, -1, ...", "[hyp2f1]") {
    CHECK_THROWS_WITH(hyp2f1(1, 1, 2, 1.0), Catch::Contains("|z| < 1"));
    CHECK_THROWS_WITH(hyp2f1(1, 1, 2, -1.5), Catch::Contains("|z| < 1"));
    CHECK_THROWS_WITH(hyp2f1(1, 1, 0, 0.5), Catch::Contains("pole"));
    CHECK_THROWS_WITH(hyp2f1(1.5, 1, -2, 0.5), Catch::Contains("pole"));
}

TEST_CASE("hyp2f1_series reports the magnitude of its terms and honours max_terms", "[hyp2f1]") {
    // 2F1(-2, 1; 2; z) = 1 - z + z^2 / 3: at z = 0.6 the terms are 1, -0.6, 0.12; magnitude 1.72.
    const auto s = persona::value::hyp2f1_series(-2, 1, 2, 0.6);
    CHECK(s.value == Approx(0.52).epsilon(1e-15));
    CHECK(s.magnitude == Approx(1.72).epsilon(1e-15));
    CHECK_THROWS_WITH(persona::value::hyp2f1_series(1, 1, 2, 0.999, 100), Catch::Contains("100 terms"));
}
