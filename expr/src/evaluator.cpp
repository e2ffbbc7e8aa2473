// Walks the tree once: each node runs one kernel over whole columns (no per-row dispatch).
#include "evaluator.h"

#include "kernels.h"

namespace persona::expr::detail {

namespace {

// Evaluates the nodes of one bound Ast over one table.
class Evaluator {
public:
    Evaluator(const Ast& ast, const Binding& binding, const Table& table)
        : ast_(ast), binding_(binding), rows_(static_cast<size_t>(table.rows())) {}

    Vec eval(int index) const {
        const Node& n = ast_.nodes[index];
        switch (n.kind) {
            case NodeKind::IntLiteral: return int_scalar(n.int_value);
            case NodeKind::FloatLiteral: return float_scalar(n.float_value);
            case NodeKind::StringLiteral: return string_scalar(n.text);
            case NodeKind::BoolLiteral: return bool_scalar(n.int_value != 0);
            case NodeKind::Column: return column_view(*binding_.columns[index], binding_.kinds[index]);
            case NodeKind::Negate: {
                Vec a = eval(n.children[0]);
                return negate(a, rows_);
            }
            case NodeKind::Not: {
                Vec a = eval(n.children[0]);
                return logic_not(a, rows_);
            }
            case NodeKind::IsNull: return is_null(eval(n.children[0]), rows_, false);
            case NodeKind::IsNotNull: return is_null(eval(n.children[0]), rows_, true);
            case NodeKind::Binary: return binary(n);
            case NodeKind::In:
            case NodeKind::NotIn: return in_list(n);
        }
        return {};
    }

private:
    Vec binary(const Node& n) const {
        Vec a = eval(n.children[0]);
        Vec b = eval(n.children[1]);
        if (is_arithmetic(n.op)) return arithmetic(n.op, a, b, rows_);
        if (n.op == BinaryOp::And) return logic_and(a, b, rows_);
        if (n.op == BinaryOp::Or) return logic_or(a, b, rows_);
        return compare(n.op, a, b, rows_);
    }

    // x in (a, b) is x = a or x = b; x not in (a, b) is x != a and x != b (so false when x is null).
    Vec in_list(const Node& n) const {
        const bool negated = n.kind == NodeKind::NotIn;
        const BinaryOp op = negated ? BinaryOp::Ne : BinaryOp::Eq;
        Vec value = eval(n.children[0]);
        Vec result = compare(op, value, eval(n.children[1]), rows_);  // compare never reuses `value`
        for (size_t i = 2; i < n.children.size(); ++i) {
            Vec next = compare(op, value, eval(n.children[i]), rows_);
            result = negated ? logic_and(result, next, rows_) : logic_or(result, next, rows_);
        }
        return result;
    }

    const Ast& ast_;
    const Binding& binding_;
    const size_t rows_;
};

}  // namespace

Vec evaluate_node(const Ast& ast, const Binding& binding, int node, const Table& table) {
    return Evaluator(ast, binding, table).eval(node);
}

}  // namespace persona::expr::detail
