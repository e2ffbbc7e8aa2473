// Comparison kernels: numbers (exact for two integers), strings by text through their dictionaries,
// conditions. Nulls make every comparison false, != included.
#include <cmath>
#include <limits>
#include <string_view>
#include <unordered_map>

#include "kernels.h"

namespace persona::expr::detail {

namespace {

template <class T, class F>
Vec compare_with(const T* a, bool a_scalar, const T* b, bool b_scalar, size_t rows, F f) {
    const size_t n = a_scalar && b_scalar ? 1 : rows;
    return own_bools(zip<uint8_t>(a, a_scalar, b, b_scalar, n, f), a_scalar && b_scalar);
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

// IEEE comparisons with NaN are already false, except != which must test for NaN itself.
Vec compare_floats(BinaryOp op, const Vec& a, const Vec& b, size_t rows) {
    std::vector<double> a_storage, b_storage;
    const double* x = as_doubles(a, a_storage);
    const double* y = as_doubles(b, b_storage);
    auto run = [&](auto cmp) { return compare_with(x, a.scalar, y, b.scalar, rows, cmp); };
    switch (op) {
        case BinaryOp::Eq: return run([](double p, double q) -> uint8_t { return p == q; });
        case BinaryOp::Ne: return run([](double p, double q) -> uint8_t { return p == p && q == q && p != q; });
        case BinaryOp::Lt: return run([](double p, double q) -> uint8_t { return p < q; });
        case BinaryOp::Le: return run([](double p, double q) -> uint8_t { return p <= q; });
        case BinaryOp::Gt: return run([](double p, double q) -> uint8_t { return p > q; });
        case BinaryOp::Ge: return run([](double p, double q) -> uint8_t { return p >= q; });
        default: return {};
    }
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
    return own_bools(map<uint8_t>(column.ints, rows, [m, wanted](int64_t code) -> uint8_t {
                         return code >= 0 && m[code] == wanted;
                     }),
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
    if (a.kind == Kind::Int && b.kind == Kind::Int) return compare_ints(op, a, b, rows);
    return compare_floats(op, a, b, rows);
}

}  // namespace persona::expr::detail
