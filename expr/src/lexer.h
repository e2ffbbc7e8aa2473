// Lexer: splits a rule into tokens (numbers, strings, column names, keywords, operators).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace persona::expr::detail {

// What a token is. Keywords are matched without regard to case; `&&`, `||`, `!` are And, Or, Not.
enum class TokenKind : uint8_t {
    Int, Float, String, Name,                      // values: 12, 1.5, "text", column or `any name`
    True, False, Null, And, Or, Not, In, Is,       // keywords
    Plus, Minus, Star, Slash, Percent,             // arithmetic
    Eq, Ne, Lt, Le, Gt, Ge,                        // comparison (= ==, != <>, ...)
    LParen, RParen, LBracket, RBracket, Comma,     // punctuation
    End                                            // end of rule
};

// One token: where it starts (byte offset), how long its spelling is, and its value.
struct Token {
    TokenKind kind = TokenKind::End;
    size_t pos = 0;
    size_t length = 0;
    std::string text;       // String: the decoded text; Name: the column name
    int64_t int_value = 0;  // Int
    double float_value = 0; // Float
};

// All tokens of `text`, ending with an End token; throws a positioned persona::Error on bad input.
std::vector<Token> tokenize(const std::string& text);

// How a token reads in a message: "end of rule", "column 'x'", "the number 5", "'>='".
std::string describe(const Token& token, const std::string& text);

}  // namespace persona::expr::detail
