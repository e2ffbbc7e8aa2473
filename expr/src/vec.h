// Vec: one intermediate result of evaluation — a whole column of values, or one value for every row.
#pragma once
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "binder.h"
#include "persona/table.h"

namespace persona::expr::detail {

// A column of values of one Kind. The data pointers point either into a table column (a view,
// no copy) or into the own_* vectors; `scalar` means one value that stands for every row.
// Int: ints (kNullInt = null); Float: floats (NaN = null); Bool: bools (0/1);
// String: ints are dictionary codes into *dict (-1 = null), or, when scalar, the value is `text`.
struct Vec {
    Kind kind = Kind::Bool;
    bool scalar = false;
    size_t size = 0;  // number of values: the table's rows, or 1 when scalar
    const int64_t* ints = nullptr;
    const double* floats = nullptr;
    const uint8_t* bools = nullptr;
    const std::vector<std::string>* dict = nullptr;
    std::string text;

    std::vector<int64_t> own_ints;
    std::vector<double> own_floats;
    std::vector<uint8_t> own_bools;

    Vec() = default;
    Vec(Vec&&) = default;  // moving keeps the own_* buffers, so the data pointers stay valid
    Vec& operator=(Vec&&) = default;
    Vec(const Vec&) = delete;
    Vec& operator=(const Vec&) = delete;
};

Vec column_view(const Column& column, Kind kind);  // no copy: reads the table's vectors
Vec int_scalar(int64_t value);
Vec float_scalar(double value);
Vec string_scalar(const std::string& value);
Vec bool_scalar(bool value);
Vec own_ints(std::vector<int64_t> values, bool scalar);
Vec own_floats(std::vector<double> values, bool scalar);
Vec own_bools(std::vector<uint8_t> values, bool scalar);

// Values a kernel produces from two operands: 1 when both are scalars, else the table's rows.
inline size_t result_size(const Vec& a, const Vec& b, size_t rows) { return a.scalar && b.scalar ? 1 : rows; }

// The buffer of an operand's own values of type R (own_ints, own_floats or own_bools).
template <class R> std::vector<R>& own_buffer(Vec& v);
template <> inline std::vector<int64_t>& own_buffer<int64_t>(Vec& v) { return v.own_ints; }
template <> inline std::vector<double>& own_buffer<double>(Vec& v) { return v.own_floats; }
template <> inline std::vector<uint8_t>& own_buffer<uint8_t>(Vec& v) { return v.own_bools; }

// A buffer for n results of type R: an operand's own column of that type when it has one (a kernel
// writes result i after reading operand value i, so reusing it is safe), else a new one. Reusing
// matters: every fresh multi-megabyte buffer costs page faults.
template <class R>
std::vector<R> reuse_or_new(size_t n, Vec* a, Vec* b = nullptr) {
    for (Vec* v : {a, b}) {
        if (v == nullptr || v->scalar) continue;
        std::vector<R>& own = own_buffer<R>(*v);
        if (own.size() == n && n > 0) return std::move(own);  // the Vec's data pointer still points at it
    }
    return std::vector<R>(n);
}

// out[i] = f(a[i], b[i]) over out.size() values, where a scalar operand repeats its one value.
// One loop per case so that each loop is branch-free and can be vectorised.
template <class R, class A, class B, class F>
std::vector<R> zip(std::vector<R> out, const A* a, bool a_scalar, const B* b, bool b_scalar, F f) {
    const size_t n = out.size();
    R* o = out.data();
    if (!a_scalar && !b_scalar) {
        for (size_t i = 0; i < n; ++i) o[i] = f(a[i], b[i]);
    } else if (a_scalar && !b_scalar) {
        const A x = a[0];
        for (size_t i = 0; i < n; ++i) o[i] = f(x, b[i]);
    } else if (!a_scalar && b_scalar) {
        const B y = b[0];
        for (size_t i = 0; i < n; ++i) o[i] = f(a[i], y);
    } else if (n > 0) {
        o[0] = f(a[0], b[0]);
    }
    return out;
}

// out[i] = f(a[i]) over out.size() values.
template <class R, class A, class F>
std::vector<R> map(std::vector<R> out, const A* a, F f) {
    const size_t n = out.size();
    R* o = out.data();
    for (size_t i = 0; i < n; ++i) o[i] = f(a[i]);
    return out;
}

// A number as a double: int64 nulls (kNullInt) become NaN.
inline double to_double(double x) { return x; }
inline double to_double(int64_t x) {
    return x == kNullInt ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(x);
}

}  // namespace persona::expr::detail
