// Logic and null-test kernels over conditions stored as 0/1 bytes.
#include <cmath>

#include "kernels.h"

namespace persona::expr::detail {

Vec logic_and(const Vec& a, const Vec& b, size_t rows) {
    const size_t n = result_size(a, b, rows);
    return own_bools(zip<uint8_t>(a.bools, a.scalar, b.bools, b.scalar, n,
                                  [](uint8_t p, uint8_t q) -> uint8_t { return p & q; }),
                     a.scalar && b.scalar);
}

Vec logic_or(const Vec& a, const Vec& b, size_t rows) {
    const size_t n = result_size(a, b, rows);
    return own_bools(zip<uint8_t>(a.bools, a.scalar, b.bools, b.scalar, n,
                                  [](uint8_t p, uint8_t q) -> uint8_t { return p | q; }),
                     a.scalar && b.scalar);
}

Vec logic_not(const Vec& a, size_t rows) {
    const size_t n = a.scalar ? 1 : rows;
    return own_bools(map<uint8_t>(a.bools, n, [](uint8_t p) -> uint8_t { return p ^ 1; }), a.scalar);
}

Vec is_null(const Vec& a, size_t rows, bool negated) {
    const size_t n = a.scalar ? 1 : rows;
    const uint8_t yes = negated ? 0 : 1;
    switch (a.kind) {
        case Kind::Int:
            return own_bools(map<uint8_t>(a.ints, n, [yes](int64_t x) -> uint8_t { return (x == kNullInt) == yes; }),
                             a.scalar);
        case Kind::Float:
            return own_bools(map<uint8_t>(a.floats, n, [yes](double x) -> uint8_t { return (x != x) == yes; }),
                             a.scalar);
        case Kind::String:
            if (a.scalar) return bool_scalar(!yes);  // a string literal is never null
            return own_bools(map<uint8_t>(a.ints, n, [yes](int64_t code) -> uint8_t { return (code < 0) == yes; }),
                             false);
        case Kind::Bool: break;
    }
    return bool_scalar(!yes);  // conditions are never null
}

}  // namespace persona::expr::detail
