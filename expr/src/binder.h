// Binder: checks a rule against a table's columns and works out the type of every node.
#pragma once
#include <cstdint>
#include <vector>

#include "ast.h"
#include "persona/table.h"

namespace persona::expr::detail {

// The type of a node's values while evaluating (Int and Float are both "number" to users).
enum class Kind : uint8_t { Int, Float, String, Bool };

// Per node (same index as Ast::nodes): its type, and for Column nodes the table column it reads.
struct Binding {
    std::vector<Kind> kinds;
    std::vector<const Column*> columns;
};

// Resolves columns and checks types; throws a positioned persona::Error for an unknown column
// (with suggestions), an unsupported column type, or operands of the wrong type.
Binding bind_ast(const Ast& ast, const Table& table);

}  // namespace persona::expr::detail
