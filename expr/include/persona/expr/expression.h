// Expression: a parsed rule such as `monetary_score >= 4 and frequency >= 5`, evaluated over a Table.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "persona/table.h"

namespace persona::expr {

namespace detail {
struct Ast;
}

// The type of an expression's result: a number, a dictionary-encoded string, or a condition.
enum class ValueType : uint8_t { Number = 0, String = 1, Boolean = 2 };

const char* to_string(ValueType type);  // "number", "string", "condition"

// One result per table row; only the vectors of `type` are filled.
struct Values {
    ValueType type = ValueType::Boolean;
    std::vector<double> numbers;     // Number: NaN = null
    std::vector<int64_t> codes;      // String: dictionary code per row, -1 = null
    std::vector<std::string> dict;   // String: code -> text
    std::vector<uint8_t> booleans;   // Boolean: 0 or 1 (never null)

    int64_t size() const;
    // A table column: Number -> float64, String -> string, Boolean -> int64 0/1.
    Column to_column(const std::string& name) const;
};

// A rule parsed once into a syntax tree; cheap to copy, immutable, safe to share between threads.
class Expression {
public:
    // Parses `text`; throws persona::Error "at character N: ..." plus the text and a caret line.
    static Expression parse(const std::string& text);

    // Checks columns and types against the table's columns (no rows are read) and returns the
    // result type. Throws persona::Error with the position for an unknown column (with a
    // "did you mean" suggestion), a vector/list column, or mismatched types.
    ValueType bind(const Table& table) const;

    // One 0/1 per row: 1 where the condition holds. Binds first; throws if it is not a condition.
    std::vector<uint8_t> select(const Table& table) const;

    // The value of the expression for every row (numbers, strings or conditions). Binds first.
    Values evaluate(const Table& table) const;

    const std::string& text() const;           // the rule as written
    std::vector<std::string> columns() const;  // the column names it reads, in order of first use
    std::string to_string() const;             // canonical, fully parenthesised form, e.g. "((a + (b * 2)) > 3)"

private:
    explicit Expression(std::shared_ptr<const detail::Ast> ast);
    std::shared_ptr<const detail::Ast> ast_;
};

}  // namespace persona::expr
