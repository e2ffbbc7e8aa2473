// The syntax tree of a parsed rule: nodes in one vector, children referred to by index.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace persona::expr::detail {

// What a node computes.
enum class NodeKind : uint8_t {
    IntLiteral, FloatLiteral, StringLiteral, BoolLiteral, Column,  // leaves
    Negate, Not,                                                   // one child
    Binary,                                                        // two children, see BinaryOp
    IsNull, IsNotNull,                                             // one child
    In, NotIn                                                      // child 0 is the value, the rest the list
};

// The operator of a Binary node.
enum class BinaryOp : uint8_t { Add, Sub, Mul, Div, Mod, Eq, Ne, Lt, Le, Gt, Ge, And, Or };

bool is_arithmetic(BinaryOp op);   // + - * / %
bool is_comparison(BinaryOp op);   // = != < <= > >=
const char* symbol(BinaryOp op);   // canonical spelling: "+", "!=", "and", ...

// One node; `pos`/`length` locate the token that names it (operator, literal or column) in the text.
struct Node {
    NodeKind kind = NodeKind::IntLiteral;
    BinaryOp op = BinaryOp::Add;
    size_t pos = 0;
    size_t length = 0;
    int64_t int_value = 0;       // IntLiteral; BoolLiteral (0/1)
    double float_value = 0;      // FloatLiteral
    std::string text;            // StringLiteral value; Column name
    std::vector<int> children;
};

// A parsed rule: its text, its nodes (children before parents, leaves in reading order) and the root.
struct Ast {
    std::string text;
    std::vector<Node> nodes;
    int root = -1;

    std::string spelling(const Node& node) const { return text.substr(node.pos, node.length); }
};

}  // namespace persona::expr::detail
