// The Gauss hypergeometric function 2F1(a, b; c; z), by its power series, for real 0 <= |z| < 1.
#pragma once

namespace persona::value {

// The value of a series and the sum of the absolute values of its terms (magnitude / |value| shows how many
// digits were lost to cancellation).
struct SeriesSum {
    double value = 0;
    double magnitude = 0;
};

// 2F1(a, b; c; z) = sum_n (a)_n (b)_n / ((c)_n n!) z^n for -1 < z < 1.
// Sums until the bound on the remaining tail is below 1e-15 of the sum (at most 10^6 terms; the count
// needed grows like 1 / (1 - |z|)). Throws persona::Error when |z| >= 1, when c is 0 or a negative integer
// (a pole) and the series does not end before it, or when the sum does not converge.
double hyp2f1(double a, double b, double c, double z);

// The same, with the magnitude of the terms, giving up (Error) after `max_terms` terms.
SeriesSum hyp2f1_series(double a, double b, double c, double z, long max_terms = 1000000);

}  // namespace persona::value
