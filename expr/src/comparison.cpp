// Comparison kernels: numbers (exact for two integers), strings by text through their dictionaries,
// conditions. Nulls make every comparison false, != included.
#include <string_view>
#include <unordered_map>

#include "kernels.h"

namespace persona::expr::detail {

namespace {

template <class A, class B, class F>
Vec compare_with(const A* a, bool a_scalar, const B* b, bool b_scalar, size_t rows, F f) {
    const size_t n = a_scalar && b_scalar ? 1 : rows;
    return own_bools(zip(std::vector<uint8_t>(n), a, a_scalar, b, b_scalar, f), a_scalar && b_scalar);
}

Vec compare_ints(BinaryOp op, const Vec& a, const Vec& b, size_t rows) {
    auto run = [&](auto cmp) {
        return compare_with(a.ints, a.scalar, b.ints, b.scalar, rows, [cmp](int64_t x, int64_t y) -> uint8_t {
            return x != kNullInt && y != kNullInt && cmp(x, y);
        });
    };
    switch (op) {
        case BinaryOp::Eq: return run([](int64_t x, int64_t y) { return x == y; });
        case BinaryOp::Ne: return run([](int64_t x, int64_t y) { return x != y; });
        case BinaryOp::Lt: return run([](int64_t x, int64_t y) { return x < y; });
        case BinaryOp::Le: return run([](int64_t x, int64_t y) { return x <= y; });
        case BinaryOp::Gt: return run([](int64_t x, int64_t y) { return x > y; });
        case BinaryOp::Ge: return run([](int64_t x, int64_t y) { return x >= y; });
        default: return {};
    }
}

// Numbers as doubles (at least one side is a double; ints convert on the fly, nulls to NaN).
// IEEE comparisons with NaN are already false, except != which must test for NaN itself.
template <class A, class B>
Vec compare_doubles(BinaryOp op, const Vec& a, const A* x, const Vec& b, const B* y, size_t rows) {
    auto run = [&](auto cmp) {
        return compare_with(x, a.scalar, y, b.scalar, rows,
                            [cmp](A p, B q) -> uint8_t { return cmp(to_double(p), to_double(q)); });
    };
    switch (op) {
        case BinaryOp::Eq: return run([](double p, double q) { return p == q; });
        case BinaryOp::Ne: return run([](double p, double q) { return p == p && q == q && p != q; });
        case BinaryOp::Lt: return run([](double p, double q) { return p < q; });
        case BinaryOp::Le: return run([](double p, double q) { return p <= q; });
        case BinaryOp::Gt: return run([](double p, double q) { return p > q; });
        case BinaryOp::Ge: return run([](double p, double q) { return p >= q; });
        default: return {};
    }
}

Vec compare_numbers(BinaryOp op, const Vec& a, const Vec& b, size_t rows) {
    const bool a_int = a.kind == Kind::Int, b_int = b.kind == Kind::Int;
    if (a_int && b_int) return compare_ints(op, a, b, rows);
    if (a_int) return compare_doubles(op, a, a.ints, b, b.floats, rows);
    if (b_int) return compare_doubles(op, a, a.floats, b, b.ints, rows);
    return compare_doubles(op, a, a.floats, b, b.floats, rows);
}

Vec compare_bools(BinaryOp op, const Vec& a, const Vec& b, size_t rows) {
    const bool eq = op == BinaryOp::Eq;
    return compare_with(a.bools, a.scalar, b.bools, b.scalar, rows,
                        [eq](uint8_t p, uint8_t q) -> uint8_t { return (p == q) == eq; });
}

// A string column against one text: a per-dictionary-entry match table, then one lookup per row.
Vec column_against_text(BinaryOp op, const Vec& column, const std::string& text, size_t rows) {
    const std::vector<std::string>& dict = *column.dict;
    std::vector<uint8_t> matches(dict.size());
    for (size_t k = 0; k < dict.size(); ++k) matches[k] = dict[k] == text;
    const uint8_t* m = matches.data();
    const uint8_t wanted = op == BinaryOp::Eq;
    return own_bools(map(std::vector<uint8_t>(rows), column.ints,
                         [m, wanted](int64_t code) -> uint8_t { return code >= 0 && m[code] == wanted; }),
                     false);
}

// Two string columns: every dictionary entry gets an id for its text, shared by both dictionaries.
Vec column_against_column(BinaryOp op, const Vec& a, const Vec& b, size_t rows) {
    std::unordered_map<std::string_view, int64_t> ids;
    auto ids_of = [&ids](const std::vector<std::string>& dict) {
        std::vector<int64_t> out(dict.size());
        for (size_t k = 0; k < dict.size(); ++k)
            out[k] = ids.emplace(dict[k], static_cast<int64_t>(ids.size())).first->second;
        return out;
    };
    const std::vector<int64_t> a_ids = ids_of(*a.dict), b_ids = ids_of(*b.dict);
    const int64_t* ia = a_ids.data();
    const int64_t* ib = b_ids.data();
    const bool eq = op == BinaryOp::Eq;
    return compare_with(a.ints, false, b.ints, false, rows, [ia, ib, eq](int64_t x, int64_t y) -> uint8_t {
        return x >= 0 && y >= 0 && (ia[x] == ib[y]) == eq;
    });
}

Vec compare_strings(BinaryOp op, const Vec& a, const Vec& b, size_t rows) {
    if (a.scalar && b.scalar) return bool_scalar((a.text == b.text) == (op == BinaryOp::Eq));
    if (b.scalar) return column_against_text(op, a, b.text, rows);
    if (a.scalar) return column_against_text(op, b, a.text, rows);
    return column_against_column(op, a, b, rows);
}

}  // namespace

Vec compare(BinaryOp op, const Vec& a, const Vec& b, size_t rows) {
    if (a.kind == Kind::String) return compare_strings(op, a, b, rows);
    if (a.kind == Kind::Bool) return compare_bools(op, a, b, rows);
    return compare_numbers(op, a, b, rows);
}

}  // namespace persona::expr::detail
