#include "hypergeometric.h"

#include <cmath>
#include <string>

#include "persona/error.h"

namespace persona::value {

namespace {

constexpr double kRelativeTolerance = 1e-15;

std::string arguments(double a, double b, double c, double z) {
    return "2F1(" + std::to_string(a) + ", " + std::to_string(b) + "; " + std::to_string(c) + "; " +
           std::to_string(z) + ")";
}

}  // namespace

double hyp2f1(double a, double b, double c, double z) { return hyp2f1_series(a, b, c, z).value; }

SeriesSum hyp2f1_series(double a, double b, double c, double z, long max_terms) {
    if (!(std::fabs(z) < 1.0))
        throw Error("hyp2f1: the series needs |z| < 1, got " + arguments(a, b, c, z));
    double term = 1.0;
    double sum = 1.0;
    double magnitude = 1.0;
    for (long n = 0; n < max_terms; ++n) {
        const double dn = static_cast<double>(n);
        // The series ends at term n+1 when a or b is the integer -n: (a)_{n+1} = 0.
        if (a + dn == 0.0 || b + dn == 0.0) return {sum, magnitude};
        if (c + dn == 0.0)
            throw Error("hyp2f1: c is zero or a negative integer (a pole) in " + arguments(a, b, c, z));
        const double ratio = (a + dn) * (b + dn) / ((c + dn) * (dn + 1.0)) * z;
        term *= ratio;
        sum += term;
        magnitude += std::fabs(term);
        if (!std::isfinite(sum)) throw Error("hyp2f1: the sum overflowed in " + arguments(a, b, c, z));
        // Once the term ratio has settled below 1, the later ratios stay below max(|ratio|, |z|) (they tend to
        // |z| monotonically for large n), so the tail is at most |term| * rho / (1 - rho).
        const double rho = std::fmax(std::fabs(ratio), std::fabs(z));
        const bool settled = dn + 1.0 > std::fabs(a) + std::fabs(b) + std::fabs(c) && rho < 1.0;
        if (settled && std::fabs(term) * rho / (1.0 - rho) <= kRelativeTolerance * std::fabs(sum)) return {sum, magnitude};
    }
    throw Error("hyp2f1: no convergence after " + std::to_string(max_terms) + " terms in " + arguments(a, b, c, z));
}

}  // namespace persona::value
