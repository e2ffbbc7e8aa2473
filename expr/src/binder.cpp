// Type rules: arithmetic on numbers; = != on two numbers, two strings or two conditions; < <= > >= on
// numbers; and/or/not on conditions; is [not] null on anything; `in` lists like =.
#include "binder.h"

#include "persona/names.h"
#include "rule_error.h"

namespace persona::expr::detail {

namespace {

bool is_number(Kind k) { return k == Kind::Int || k == Kind::Float; }

// Whether two kinds can be tested for equality.
bool comparable(Kind a, Kind b) { return (is_number(a) && is_number(b)) || a == b; }

const char* kind_name(Kind k) {
    switch (k) {
        case Kind::Int:
        case Kind::Float: return "a number";
        case Kind::String: return "a string";
        case Kind::Bool: return "a condition";
    }
    return "?";
}

// Binds every node of one Ast, children first.
class Binder {
public:
    Binder(const Ast& ast, const Table& table) : ast_(ast), table_(table) {
        binding_.kinds.resize(ast.nodes.size(), Kind::Bool);
        binding_.columns.resize(ast.nodes.size(), nullptr);
    }

    Binding run() {
        visit(ast_.root);
        return std::move(binding_);
    }

private:
    Kind kind(int node) const { return binding_.kinds[node]; }

    // How an operand reads in a message: "string column 'segment'", "the number 5", "a condition".
    std::string describe(int index) const {
        const Node& n = ast_.nodes[index];
        switch (n.kind) {
            case NodeKind::Column:
                return std::string(to_string(binding_.columns[index]->type)) + " column '" + n.text + "'";
            case NodeKind::StringLiteral: return "the string " + ast_.spelling(n);
            case NodeKind::IntLiteral:
            case NodeKind::FloatLiteral: return "the number " + ast_.spelling(n);
            case NodeKind::BoolLiteral: return ast_.spelling(n);
            default: return kind_name(kind(index));
        }
    }

    [[noreturn]] void fail(const Node& n, const std::string& message) const { fail_at(ast_.text, n.pos, message); }

    void visit(int index) {
        const Node& n = ast_.nodes[index];
        for (int child : n.children) visit(child);
        binding_.kinds[index] = type_of(index, n);
    }

    Kind type_of(int index, const Node& n) {
        switch (n.kind) {
            case NodeKind::IntLiteral: return Kind::Int;
            case NodeKind::FloatLiteral: return Kind::Float;
            case NodeKind::StringLiteral: return Kind::String;
            case NodeKind::BoolLiteral: return Kind::Bool;
            case NodeKind::Column: return column(index, n);
            case NodeKind::Negate:
                if (!is_number(kind(n.children[0])))
                    fail(n, "'-' needs a number, but got " + describe(n.children[0]));
                return kind(n.children[0]);
            case NodeKind::Not:
                if (kind(n.children[0]) != Kind::Bool)
                    fail(n, "'" + ast_.spelling(n) + "' needs a condition, but got " + describe(n.children[0]));
                return Kind::Bool;
            case NodeKind::Binary: return binary(n);
            case NodeKind::IsNull:
            case NodeKind::IsNotNull: return Kind::Bool;
            case NodeKind::In:
            case NodeKind::NotIn: return in_list(n);
        }
        return Kind::Bool;
    }

    Kind column(int index, const Node& n) {
        if (!table_.has(n.text)) {
            std::vector<std::string> names;
            for (const Column& c : table_.columns()) names.push_back(c.name);
            std::string hint = did_you_mean(n.text, names);
            if (hint.empty()) {
                std::string all;
                for (const std::string& name : names) all += (all.empty() ? "" : ", ") + name;
                hint = " (columns: " + (all.empty() ? std::string("none") : all) + ")";
            }
            fail(n, "unknown column '" + n.text + "'" + hint);
        }
        const Column& c = table_.column(n.text);
        binding_.columns[index] = &c;
        switch (c.type) {
            case ColumnType::Int64: return Kind::Int;
            case ColumnType::Float64: return Kind::Float;
            case ColumnType::String: return Kind::String;
            default:
                fail(n, std::string("column '") + n.text + "' is a " + to_string(c.type) +
                            " column; rules read int64, float64 and string columns");
        }
    }

    Kind binary(const Node& n) {
        const int l = n.children[0], r = n.children[1];
        const std::string op = "'" + ast_.spelling(n) + "'";
        if (is_arithmetic(n.op)) {
            if (!is_number(kind(l))) fail(n, op + " needs numbers, but its left side is " + describe(l));
            if (!is_number(kind(r))) fail(n, op + " needs numbers, but its right side is " + describe(r));
            if (n.op == BinaryOp::Div) return Kind::Float;
            return kind(l) == Kind::Int && kind(r) == Kind::Int ? Kind::Int : Kind::Float;
        }
        if (n.op == BinaryOp::And || n.op == BinaryOp::Or) {
            if (kind(l) != Kind::Bool) fail(n, op + " needs conditions, but its left side is " + describe(l));
            if (kind(r) != Kind::Bool) fail(n, op + " needs conditions, but its right side is " + describe(r));
            return Kind::Bool;
        }
        if (n.op == BinaryOp::Eq || n.op == BinaryOp::Ne) {
            if (!comparable(kind(l), kind(r))) fail(n, mismatch(l, r));
            return Kind::Bool;
        }
        // < <= > >=
        for (int side : {l, r}) {
            if (is_number(kind(side))) continue;
            std::string message = op + " orders numbers, but its " + (side == l ? "left" : "right") +
                                  " side is " + describe(side);
            if (kind(side) == Kind::String) message += "; strings can only be compared with =, != and in";
            fail(n, message);
        }
        return Kind::Bool;
    }

    Kind in_list(const Node& n) {
        const int value = n.children[0];
        for (size_t i = 1; i < n.children.size(); ++i) {
            const int item = n.children[i];
            if (!comparable(kind(value), kind(item))) fail(ast_.nodes[item], mismatch(value, item) + " in the list");
        }
        return Kind::Bool;
    }

    // "cannot compare string column 'segment' with the number 5 (write "5" to compare text)".
    std::string mismatch(int l, int r) const {
        std::string message = "cannot compare " + describe(l) + " with " + describe(r);
        for (int side : {l, r}) {
            const Node& n = ast_.nodes[side];
            const int other = side == l ? r : l;
            if ((n.kind == NodeKind::IntLiteral || n.kind == NodeKind::FloatLiteral) && kind(other) == Kind::String)
                message += " (write \"" + ast_.spelling(n) + "\" to compare text)";
        }
        return message;
    }

    const Ast& ast_;
    const Table& table_;
    Binding binding_;
};

}  // namespace

Binding bind_ast(const Ast& ast, const Table& table) { return Binder(ast, table).run(); }

}  // namespace persona::expr::detail
