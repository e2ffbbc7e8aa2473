// The public Expression: parse once, then bind and evaluate against any table.
#include "persona/expr/expression.h"

#include "ast.h"
#include "binder.h"
#include "evaluator.h"
#include "parser.h"
#include "rule_error.h"

namespace persona::expr {

namespace {

ValueType value_type(detail::Kind kind) {
    switch (kind) {
        case detail::Kind::Int:
        case detail::Kind::Float: return ValueType::Number;
        case detail::Kind::String: return ValueType::String;
        case detail::Kind::Bool: return ValueType::Boolean;
    }
    return ValueType::Boolean;
}

// A Vec as public Values with one entry per row (a scalar is repeated); own buffers are moved.
Values to_values(detail::Vec& v, size_t rows) {
    Values out;
    switch (v.kind) {
        case detail::Kind::Int:
            out.type = ValueType::Number;
            out.numbers.resize(rows);
            for (size_t i = 0; i < rows; ++i) out.numbers[i] = detail::to_double(v.ints[v.scalar ? 0 : i]);
            break;
        case detail::Kind::Float:
            out.type = ValueType::Number;
            if (v.scalar) out.numbers.assign(rows, v.floats[0]);
            else if (v.own_floats.size() == rows) out.numbers = std::move(v.own_floats);
            else out.numbers.assign(v.floats, v.floats + rows);  // a view of a table column
            break;
        case detail::Kind::String:
            out.type = ValueType::String;
            if (v.scalar) {
                out.dict = {v.text};
                out.codes.assign(rows, 0);
            } else {
                out.dict = *v.dict;
                out.codes.assign(v.ints, v.ints + rows);
            }
            break;
        case detail::Kind::Bool:
            out.type = ValueType::Boolean;
            if (v.scalar) out.booleans.assign(rows, v.bools[0]);
            else out.booleans = std::move(v.own_bools);  // a non-scalar condition is always a kernel's own result
            break;
    }
    return out;
}

}  // namespace

const char* to_string(ValueType type) {
    switch (type) {
        case ValueType::Number: return "number";
        case ValueType::String: return "string";
        case ValueType::Boolean: return "condition";
    }
    return "?";
}

int64_t Values::size() const {
    switch (type) {
        case ValueType::Number: return static_cast<int64_t>(numbers.size());
        case ValueType::String: return static_cast<int64_t>(codes.size());
        case ValueType::Boolean: return static_cast<int64_t>(booleans.size());
    }
    return 0;
}

Column Values::to_column(const std::string& name) const {
    Column c;
    c.name = name;
    switch (type) {
        case ValueType::Number:
            c.type = ColumnType::Float64;
            c.floats = numbers;
            break;
        case ValueType::String:
            c.type = ColumnType::String;
            c.ints = codes;
            c.dict = dict;
            break;
        case ValueType::Boolean:
            c.type = ColumnType::Int64;
            c.ints.assign(booleans.begin(), booleans.end());
            break;
    }
    return c;
}

Expression::Expression(std::shared_ptr<const detail::Ast> ast) : ast_(std::move(ast)) {}

Expression Expression::parse(const std::string& text) {
    return Expression(std::make_shared<const detail::Ast>(detail::parse_rule(text)));
}

ValueType Expression::bind(const Table& table) const {
    return value_type(detail::bind_ast(*ast_, table).kinds[ast_->root]);
}

std::vector<uint8_t> Expression::select(const Table& table) const {
    const detail::Binding binding = detail::bind_ast(*ast_, table);
    const detail::Kind kind = binding.kinds[ast_->root];
    if (kind != detail::Kind::Bool)
        detail::fail_at(ast_->text, 0, std::string("the rule gives ") + (kind == detail::Kind::String ? "a string" : "a number") +
                                           ", not a condition; compare it (e.g. '... > 0') to select rows");
    detail::Vec v = detail::evaluate_node(*ast_, binding, ast_->root, table);
    const size_t rows = static_cast<size_t>(table.rows());
    if (v.scalar) return std::vector<uint8_t>(rows, v.bools[0]);
    return std::move(v.own_bools);  // a non-scalar condition is always a kernel's own result
}

Values Expression::evaluate(const Table& table) const {
    const detail::Binding binding = detail::bind_ast(*ast_, table);
    detail::Vec v = detail::evaluate_node(*ast_, binding, ast_->root, table);
    return to_values(v, static_cast<size_t>(table.rows()));
}

const std::string& Expression::text() const { return ast_->text; }

std::vector<std::string> Expression::columns() const {
    std::vector<std::string> names;
    for (const detail::Node& n : ast_->nodes) {
        if (n.kind != detail::NodeKind::Column) continue;
        bool seen = false;
        for (const std::string& name : names) seen = seen || name == n.text;
        if (!seen) names.push_back(n.text);
    }
    return names;
}

std::string Expression::to_string() const { return detail::unparse(*ast_, ast_->root); }

}  // namespace persona::expr
