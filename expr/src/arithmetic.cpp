// Arithmetic kernels: integers exactly (with overflow and null checks), doubles with NaN as null.
#include <cmath>
#include <limits>

#include "kernels.h"

namespace persona::expr::detail {

namespace {

Vec integer_arithmetic(BinaryOp op, const Vec& a, const Vec& b, size_t rows) {
    const size_t n = result_size(a, b, rows);
    const bool s = a.scalar && b.scalar;
    auto run = [&](auto f) { return own_ints(zip<int64_t>(a.ints, a.scalar, b.ints, b.scalar, n, f), s); };
    // Every result that is kNullInt (also an overflow landing exactly on it) reads as null.
    switch (op) {
        case BinaryOp::Add:
            return run([](int64_t x, int64_t y) {
                int64_t r;
                return x == kNullInt || y == kNullInt || __builtin_add_overflow(x, y, &r) ? kNullInt : r;
            });
        case BinaryOp::Sub:
            return run([](int64_t x, int64_t y) {
                int64_t r;
                return x == kNullInt || y == kNullInt || __builtin_sub_overflow(x, y, &r) ? kNullInt : r;
            });
        case BinaryOp::Mul:
            return run([](int64_t x, int64_t y) {
                int64_t r;
                return x == kNullInt || y == kNullInt || __builtin_mul_overflow(x, y, &r) ? kNullInt : r;
            });
        case BinaryOp::Mod:  // truncated like C and SQL: the sign follows the left side
            return run([](int64_t x, int64_t y) {
                return x == kNullInt || y == kNullInt || y == 0 ? kNullInt : x % y;  // x is never INT64_MIN here
            });
        default: break;
    }
    return {};
}

Vec float_arithmetic(BinaryOp op, const Vec& a, const Vec& b, size_t rows) {
    std::vector<double> a_storage, b_storage;
    const double* x = as_doubles(a, a_storage);
    const double* y = as_doubles(b, b_storage);
    const size_t n = result_size(a, b, rows);
    const bool s = a.scalar && b.scalar;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto run = [&](auto f) { return own_floats(zip<double>(x, a.scalar, y, b.scalar, n, f), s); };
    switch (op) {
        case BinaryOp::Add: return run([](double p, double q) { return p + q; });
        case BinaryOp::Sub: return run([](double p, double q) { return p - q; });
        case BinaryOp::Mul: return run([](double p, double q) { return p * q; });
        case BinaryOp::Div: return run([nan](double p, double q) { return q == 0 ? nan : p / q; });
        case BinaryOp::Mod: return run([nan](double p, double q) { return q == 0 ? nan : std::fmod(p, q); });
        default: break;
    }
    return {};
}

}  // namespace

Vec arithmetic(BinaryOp op, const Vec& a, const Vec& b, size_t rows) {
    if (a.kind == Kind::Int && b.kind == Kind::Int && op != BinaryOp::Div) return integer_arithmetic(op, a, b, rows);
    return float_arithmetic(op, a, b, rows);
}

Vec negate(const Vec& a, size_t rows) {
    const size_t n = a.scalar ? 1 : rows;
    if (a.kind == Kind::Int)
        return own_ints(map<int64_t>(a.ints, n, [](int64_t x) { return x == kNullInt ? kNullInt : -x; }), a.scalar);
    return own_floats(map<double>(a.floats, n, [](double x) { return -x; }), a.scalar);
}

}  // namespace persona::expr::detail
