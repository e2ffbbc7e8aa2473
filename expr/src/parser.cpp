// Recursive-descent parser. Precedence, loosest first:
//   or  <  and  <  not  <  comparison (= != < <= > >=, is [not] null, [not] in)  <  + -  <  * / %  <  unary -
#include "parser.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "lexer.h"
#include "rule_error.h"

namespace persona::expr::detail {

namespace {

constexpr int kMaxDepth = 200;  // deeper nesting is surely a mistake, and would exhaust the stack

// Builds the Ast from the token list; one method per grammar rule.
class Parser {
public:
    explicit Parser(const std::string& text) : tokens_(tokenize(text)) { ast_.text = text; }

    Ast run() {
        ast_.root = parse_or();
        if (current().kind != TokenKind::End) {
            fail_here("unexpected " + describe(current(), ast_.text) +
                      " after a complete expression; join conditions with 'and' or 'or'");
        }
        return std::move(ast_);
    }

private:
    const Token& current() const { return tokens_[at_]; }
    const Token& advance() { return tokens_[at_++]; }
    bool accept(TokenKind kind) {
        if (current().kind != kind) return false;
        ++at_;
        return true;
    }
    [[noreturn]] void fail_here(const std::string& message) const { fail_at(ast_.text, current().pos, message); }

    int add(Node node) {
        ast_.nodes.push_back(std::move(node));
        return static_cast<int>(ast_.nodes.size()) - 1;
    }
    int add_unary(NodeKind kind, const Token& token, int child) {
        Node n;
        n.kind = kind;
        n.pos = token.pos;
        n.length = token.length;
        n.children = {child};
        return add(std::move(n));
    }
    int add_binary(BinaryOp op, const Token& token, int left, int right) {
        Node n;
        n.kind = NodeKind::Binary;
        n.op = op;
        n.pos = token.pos;
        n.length = token.length;
        n.children = {left, right};
        return add(std::move(n));
    }

    int parse_or() {
        int left = parse_and();
        while (current().kind == TokenKind::Or) {
            const Token& op = advance();
            left = add_binary(BinaryOp::Or, op, left, parse_and());
        }
        return left;
    }

    int parse_and() {
        int left = parse_not();
        while (current().kind == TokenKind::And) {
            const Token& op = advance();
            left = add_binary(BinaryOp::And, op, left, parse_not());
        }
        return left;
    }

    int parse_not() {
        if (current().kind != TokenKind::Not) return parse_comparison();
        Depth guard(*this);
        const Token& op = advance();
        return add_unary(NodeKind::Not, op, parse_not());
    }

    static bool comparison_op(TokenKind kind, BinaryOp* op) {
        switch (kind) {
            case TokenKind::Eq: *op = BinaryOp::Eq; return true;
            case TokenKind::Ne: *op = BinaryOp::Ne; return true;
            case TokenKind::Lt: *op = BinaryOp::Lt; return true;
            case TokenKind::Le: *op = BinaryOp::Le; return true;
            case TokenKind::Gt: *op = BinaryOp::Gt; return true;
            case TokenKind::Ge: *op = BinaryOp::Ge; return true;
            default: return false;
        }
    }

    // value [ compare value | is [not] null | [not] in list ]; comparisons do not chain.
    int parse_comparison() {
        int left = parse_additive();
        BinaryOp op;
        int result = left;
        if (comparison_op(current().kind, &op)) {
            const Token& token = advance();
            result = add_binary(op, token, left, parse_additive());
        } else if (current().kind == TokenKind::Is) {
            const Token& token = advance();
            bool negated = accept(TokenKind::Not);
            if (!accept(TokenKind::Null))
                fail_here(std::string("expected 'null' after '") + (negated ? "is not" : "is") + "', found " +
                          describe(current(), ast_.text));
            result = add_unary(negated ? NodeKind::IsNotNull : NodeKind::IsNull, token, left);
        } else if (current().kind == TokenKind::In) {
            result = parse_in_list(NodeKind::In, advance(), left);
        } else if (current().kind == TokenKind::Not) {
            const Token& token = advance();
            if (current().kind != TokenKind::In)
                fail_here("expected 'in' after 'not', found " + describe(current(), ast_.text));
            advance();
            result = parse_in_list(NodeKind::NotIn, token, left);
        } else {
            return left;
        }
        if (comparison_op(current().kind, &op) || current().kind == TokenKind::Is ||
            current().kind == TokenKind::In)
            fail_here("a comparison cannot be followed by another " + describe(current(), ast_.text) +
                      "; join comparisons with 'and' (e.g. 'a < b and b < c')");
        return result;
    }

    // ( value, value, ... ) or [ value, ... ] after `in` / `not in`.
    int parse_in_list(NodeKind kind, const Token& token, int value) {
        const Token& open = current();
        TokenKind close;
        if (accept(TokenKind::LParen)) close = TokenKind::RParen;
        else if (accept(TokenKind::LBracket)) close = TokenKind::RBracket;
        else fail_here("expected '(' or '[' to start the list after 'in', found " + describe(current(), ast_.text));
        Node n;
        n.kind = kind;
        n.pos = token.pos;
        n.length = token.length;
        n.children = {value};
        do {
            n.children.push_back(parse_additive());
        } while (accept(TokenKind::Comma));
        if (!accept(close))
            fail_here(std::string("expected ',' or '") + (close == TokenKind::RParen ? ")" : "]") +
                      "' to close the list opened at character " + std::to_string(open.pos + 1) + ", found " +
                      describe(current(), ast_.text));
        return add(std::move(n));
    }

    int parse_additive() {
        int left = parse_multiplicative();
        while (current().kind == TokenKind::Plus || current().kind == TokenKind::Minus) {
            const Token& op = advance();
            BinaryOp bop = op.kind == TokenKind::Plus ? BinaryOp::Add : BinaryOp::Sub;
            left = add_binary(bop, op, left, parse_multiplicative());
        }
        return left;
    }

    int parse_multiplicative() {
        int left = parse_unary();
        while (current().kind == TokenKind::Star || current().kind == TokenKind::Slash ||
               current().kind == TokenKind::Percent) {
            const Token& op = advance();
            BinaryOp bop = op.kind == TokenKind::Star ? BinaryOp::Mul
                           : op.kind == TokenKind::Slash ? BinaryOp::Div : BinaryOp::Mod;
            left = add_binary(bop, op, left, parse_unary());
        }
        return left;
    }

    int parse_unary() {
        if (current().kind != TokenKind::Minus) return parse_primary();
        Depth guard(*this);
        const Token& op = advance();
        return add_unary(NodeKind::Negate, op, parse_unary());
    }

    int parse_primary() {
        const Token& token = current();
        Node n;
        n.pos = token.pos;
        n.length = token.length;
        switch (token.kind) {
            case TokenKind::Int: n.kind = NodeKind::IntLiteral; n.int_value = token.int_value; break;
            case TokenKind::Float: n.kind = NodeKind::FloatLiteral; n.float_value = token.float_value; break;
            case TokenKind::String: n.kind = NodeKind::StringLiteral; n.text = token.text; break;
            case TokenKind::Name: n.kind = NodeKind::Column; n.text = token.text; break;
            case TokenKind::True:
            case TokenKind::False:
                n.kind = NodeKind::BoolLiteral;
                n.int_value = token.kind == TokenKind::True;
                break;
            case TokenKind::LParen: return parse_parenthesised();
            case TokenKind::Null:
                fail_here("'null' is not a value; test for missing values with 'is null' or 'is not null'");
            default: {
                std::string after = at_ == 0 ? "" : " after '" + ast_.text.substr(tokens_[at_ - 1].pos, tokens_[at_ - 1].length) + "'";
                fail_here("expected a value" + after + ", found " + describe(token, ast_.text));
            }
        }
        advance();
        return add(std::move(n));
    }

    int parse_parenthesised() {
        Depth guard(*this);  // an error points at the '(' that nests too deep
        const Token& open = advance();
        int inner = parse_or();
        if (!accept(TokenKind::RParen))
            fail_here("expected ')' to close the '(' at character " + std::to_string(open.pos + 1) + ", found " +
                      describe(current(), ast_.text));
        return inner;
    }

    // Counts nesting while alive; too deep a nesting is an error.
    struct Depth {
        explicit Depth(Parser& p) : parser(p) {
            if (++parser.depth_ > kMaxDepth) parser.fail_here("the rule nests more than 200 levels deep");
        }
        ~Depth() { --parser.depth_; }
        Parser& parser;
    };

    std::vector<Token> tokens_;
    size_t at_ = 0;
    int depth_ = 0;
    Ast ast_;
};

bool is_plain_name(const std::string& name) {
    if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
    for (char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
    std::vector<Token> tokens = tokenize(name);
    return tokens.size() == 2 && tokens[0].kind == TokenKind::Name;  // not a keyword
}

std::string number_text(double value) {
    if (std::isinf(value)) return value > 0 ? "1e999" : "-1e999";
    char buffer[32];
    for (int precision = 15; precision <= 17; ++precision) {
        std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
        if (std::strtod(buffer, nullptr) == value) break;
    }
    std::string out = buffer;
    if (out.find_first_of(".eE") == std::string::npos) out += ".0";  // stays a decimal when parsed again
    return out;
}

std::string quoted(const std::string& value) {
    std::string out = "\"";
    for (char c : value) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') { out += "\\n"; continue; }
        if (c == '\t') { out += "\\t"; continue; }
        out += c;
    }
    return out + "\"";
}

}  // namespace

bool is_arithmetic(BinaryOp op) { return op <= BinaryOp::Mod; }
bool is_comparison(BinaryOp op) { return op >= BinaryOp::Eq && op <= BinaryOp::Ge; }

const char* symbol(BinaryOp op) {
    switch (op) {
        case BinaryOp::Add: return "+";
        case BinaryOp::Sub: return "-";
        case BinaryOp::Mul: return "*";
        case BinaryOp::Div: return "/";
        case BinaryOp::Mod: return "%";
        case BinaryOp::Eq: return "=";
        case BinaryOp::Ne: return "!=";
        case BinaryOp::Lt: return "<";
        case BinaryOp::Le: return "<=";
        case BinaryOp::Gt: return ">";
        case BinaryOp::Ge: return ">=";
        case BinaryOp::And: return "and";
        case BinaryOp::Or: return "or";
    }
    return "?";
}

Ast parse_rule(const std::string& text) { return Parser(text).run(); }

std::string unparse(const Ast& ast, int index) {
    const Node& n = ast.nodes[index];
    auto child = [&](size_t i) { return unparse(ast, n.children[i]); };
    switch (n.kind) {
        case NodeKind::IntLiteral: return std::to_string(n.int_value);
        case NodeKind::FloatLiteral: return number_text(n.float_value);
        case NodeKind::StringLiteral: return quoted(n.text);
        case NodeKind::BoolLiteral: return n.int_value ? "true" : "false";
        case NodeKind::Column: return is_plain_name(n.text) ? n.text : "`" + n.text + "`";
        case NodeKind::Negate: return "(-" + child(0) + ")";
        case NodeKind::Not: return "(not " + child(0) + ")";
        case NodeKind::Binary: return "(" + child(0) + " " + symbol(n.op) + " " + child(1) + ")";
        case NodeKind::IsNull: return "(" + child(0) + " is null)";
        case NodeKind::IsNotNull: return "(" + child(0) + " is not null)";
        case NodeKind::In:
        case NodeKind::NotIn: {
            std::string list;
            for (size_t i = 1; i < n.children.size(); ++i) list += (i > 1 ? ", " : "") + child(i);
            return "(" + child(0) + (n.kind == NodeKind::In ? " in (" : " not in (") + list + "))";
        }
    }
    return "?";
}

}  // namespace persona::expr::detail
