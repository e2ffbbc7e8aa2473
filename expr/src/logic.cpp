// Logic and null-test kernels over conditions stored as 0/1 bytes.
#include "kernels.h"

namespace persona::expr::detail {

Vec logic_and(Vec& a, Vec& b, size_t rows) {
    const bool s = a.scalar && b.scalar;
    return own_bools(zip(reuse_or_new<uint8_t>(result_size(a, b, rows), &a, &b), a.bools, a.scalar, b.bools, b.scalar,
                         [](uint8_t p, uint8_t q) -> uint8_t { return p & q; }),
                     s);
}

Vec logic_or(Vec& a, Vec& b, size_t rows) {
    const bool s = a.scalar && b.scalar;
    return own_bools(zip(reuse_or_new<uint8_t>(result_size(a, b, rows), &a, &b), a.bools, a.scalar, b.bools, b.scalar,
                         [](uint8_t p, uint8_t q) -> uint8_t { return p | q; }),
                     s);
}

Vec logic_not(Vec& a, size_t rows) {
    const size_t n = a.scalar ? 1 : rows;
    return own_bools(map(reuse_or_new<uint8_t>(n, &a), a.bools, [](uint8_t p) -> uint8_t { return p ^ 1; }), a.scalar);
}

Vec is_null(const Vec& a, size_t rows, bool negated) {
    const size_t n = a.scalar ? 1 : rows;
    const uint8_t yes = negated ? 0 : 1;
    std::vector<uint8_t> out(n);
    switch (a.kind) {
        case Kind::Int:
            return own_bools(map(std::move(out), a.ints, [yes](int64_t x) -> uint8_t { return (x == kNullInt) == yes; }),
                             a.scalar);
        case Kind::Float:
            return own_bools(map(std::move(out), a.floats, [yes](double x) -> uint8_t { return (x != x) == yes; }),
                             a.scalar);
        case Kind::String:
            if (a.scalar) return bool_scalar(!yes);  // a string literal is never null
            return own_bools(map(std::move(out), a.ints, [yes](int64_t code) -> uint8_t { return (code < 0) == yes; }),
                             false);
        case Kind::Bool: break;
    }
    return bool_scalar(!yes);  // conditions are never null
}

}  // namespace persona::expr::detail
