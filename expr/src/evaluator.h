// Evaluator: computes a bound Ast over a table, one whole column per node.
#pragma once
#include "ast.h"
#include "binder.h"
#include "vec.h"

namespace persona::expr::detail {

// The values of the subtree at `node` for every row of `table` (scalar when it reads no column).
Vec evaluate_node(const Ast& ast, const Binding& binding, int node, const Table& table);

}  // namespace persona::expr::detail
