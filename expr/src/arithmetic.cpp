// Arithmetic kernels: integers exactly (with overflow and null checks), doubles with NaN as null.
#include <cmath>
#include <limits>

#include "kernels.h"

namespace persona::expr::detail {

namespace {

Vec integer_arithmetic(BinaryOp op, Vec& a, Vec& b, size_t rows) {
    const bool s = a.scalar && b.scalar;
    const int64_t* x = a.ints;
    const int64_t* y = b.ints;
    auto run = [&](auto f) {
        return own_ints(zip(reuse_or_new<int64_t>(result_size(a, b, rows), &a, &b), x, a.scalar, y, b.scalar, f), s);
    };
    // A result that is kNullInt (also an overflow landing exactly on it) reads as null.
    switch (op) {
        case BinaryOp::Add:
            return run([](int64_t p, int64_t q) {
                int64_t r;
                return p == kNullInt || q == kNullInt || __builtin_add_overflow(p, q, &r) ? kNullInt : r;
            });
        case BinaryOp::Sub:
            return run([](int64_t p, int64_t q) {
                int64_t r;
                return p == kNullInt || q == kNullInt || __builtin_sub_overflow(p, q, &r) ? kNullInt : r;
            });
        case BinaryOp::Mul:
            return run([](int64_t p, int64_t q) {
                int64_t r;
                return p == kNullInt || q == kNullInt || __builtin_mul_overflow(p, q, &r) ? kNullInt : r;
            });
        case BinaryOp::Mod:  // truncated like C and SQL: the sign follows the left side
            return run([](int64_t p, int64_t q) {
                return p == kNullInt || q == kNullInt || q == 0 ? kNullInt : p % q;  // p is never INT64_MIN here
            });
        default: break;
    }
    return {};
}

// Doubles from two typed operands (each int64 or double); ints convert on the fly, nulls to NaN.
template <class A, class B>
Vec float_arithmetic(BinaryOp op, Vec& a, const A* x, Vec& b, const B* y, size_t rows) {
    const bool s = a.scalar && b.scalar;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto run = [&](auto f) {
        return own_floats(zip(reuse_or_new<double>(result_size(a, b, rows), &a, &b), x, a.scalar, y, b.scalar, f), s);
    };
    switch (op) {
        case BinaryOp::Add: return run([](A p, B q) { return to_double(p) + to_double(q); });
        case BinaryOp::Sub: return run([](A p, B q) { return to_double(p) - to_double(q); });
        case BinaryOp::Mul: return run([](A p, B q) { return to_double(p) * to_double(q); });
        case BinaryOp::Div:
            return run([nan](A p, B q) { return to_double(q) == 0 ? nan : to_double(p) / to_double(q); });
        case BinaryOp::Mod:
            return run([nan](A p, B q) { return to_double(q) == 0 ? nan : std::fmod(to_double(p), to_double(q)); });
        default: break;
    }
    return {};
}

}  // namespace

Vec arithmetic(BinaryOp op, Vec& a, Vec& b, size_t rows) {
    const bool a_int = a.kind == Kind::Int, b_int = b.kind == Kind::Int;
    if (a_int && b_int && op != BinaryOp::Div) return integer_arithmetic(op, a, b, rows);
    if (a_int && b_int) return float_arithmetic(op, a, a.ints, b, b.ints, rows);
    if (a_int) return float_arithmetic(op, a, a.ints, b, b.floats, rows);
    if (b_int) return float_arithmetic(op, a, a.floats, b, b.ints, rows);
    return float_arithmetic(op, a, a.floats, b, b.floats, rows);
}

Vec negate(Vec& a, size_t rows) {
    const size_t n = a.scalar ? 1 : rows;
    if (a.kind == Kind::Int)
        return own_ints(map(reuse_or_new<int64_t>(n, &a), a.ints, [](int64_t x) { return x == kNullInt ? kNullInt : -x; }),
                        a.scalar);
    return own_floats(map(reuse_or_new<double>(n, &a), a.floats, [](double x) { return -x; }), a.scalar);
}

}  // namespace persona::expr::detail
