// Kernels: whole-column operations on Vecs (arithmetic, comparison, logic, null tests).
// `rows` is the table's row count; a result is scalar only when all its operands are. Kernels that
// take a Vec& may reuse its own buffer for the result (the operand is spent afterwards).
#pragma once
#include "ast.h"
#include "vec.h"

namespace persona::expr::detail {

// + - * / % on numbers. Int op Int stays Int (overflow gives null), / always gives Float;
// division or remainder by zero gives null; a null operand gives null.
Vec arithmetic(BinaryOp op, Vec& a, Vec& b, size_t rows);
Vec negate(Vec& a, size_t rows);

// = != < <= > >= on two numbers (Int with Int exactly, otherwise as doubles), = != on two strings
// (by text) or two conditions. A null on either side makes the comparison false.
Vec compare(BinaryOp op, const Vec& a, const Vec& b, size_t rows);

Vec logic_and(Vec& a, Vec& b, size_t rows);
Vec logic_or(Vec& a, Vec& b, size_t rows);
Vec logic_not(Vec& a, size_t rows);

// 1 where the value is missing (kNullInt, NaN, code -1); conditions are never null.
Vec is_null(const Vec& a, size_t rows, bool negated);

}  // namespace persona::expr::detail
