// Parser: turns a rule's tokens into an Ast by recursive descent (one function per precedence level).
#pragma once
#include <string>

#include "ast.h"

namespace persona::expr::detail {

// Parses `text`; throws a positioned persona::Error on a syntax error.
Ast parse_rule(const std::string& text);

// The canonical fully parenthesised form of the subtree at `node`.
std::string unparse(const Ast& ast, int node);

}  // namespace persona::expr::detail
