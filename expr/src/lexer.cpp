// Lexer for the rule language.
#include "lexer.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "rule_error.h"

namespace persona::expr::detail {

namespace {

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Keyword kind of a bare word, or Name when it is not a keyword.
TokenKind keyword_kind(const std::string& word) {
    const std::string w = lower(word);
    if (w == "and") return TokenKind::And;
    if (w == "or") return TokenKind::Or;
    if (w == "not") return TokenKind::Not;
    if (w == "in") return TokenKind::In;
    if (w == "is") return TokenKind::Is;
    if (w == "null") return TokenKind::Null;
    if (w == "true") return TokenKind::True;
    if (w == "false") return TokenKind::False;
    return TokenKind::Name;
}

// Reads tokens one at a time from the rule text.
class Lexer {
public:
    explicit Lexer(const std::string& text) : text_(text) {}

    std::vector<Token> run() {
        std::vector<Token> tokens;
        while (true) {
            skip_space();
            if (at_ >= text_.size()) break;
            tokens.push_back(next());
        }
        Token end;
        end.pos = text_.size();
        tokens.push_back(end);
        return tokens;
    }

private:
    void skip_space() {
        while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_]))) ++at_;
    }

    char peek(size_t ahead = 0) const { return at_ + ahead < text_.size() ? text_[at_ + ahead] : '\0'; }

    Token make(TokenKind kind, size_t start) const {
        Token t;
        t.kind = kind;
        t.pos = start;
        t.length = at_ - start;
        return t;
    }

    Token next() {
        const char c = peek();
        if (is_digit(c) || (c == '.' && is_digit(peek(1)))) return number();
        if (is_name_start(c)) return word();
        if (c == '`') return quoted_name();
        if (c == '"' || c == '\'') return string_literal();
        return symbol();
    }

    Token number() {
        const size_t start = at_;
        bool decimal = false;
        while (is_digit(peek())) ++at_;
        if (peek() == '.' && is_digit(peek(1))) {
            decimal = true;
            ++at_;
            while (is_digit(peek())) ++at_;
        } else if (peek() == '.' && !is_name_start(peek(1))) {
            decimal = true;  // "5." is 5.0
            ++at_;
        }
        if ((peek() == 'e' || peek() == 'E') &&
            (is_digit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && is_digit(peek(2))))) {
            decimal = true;
            at_ += 2;
            while (is_digit(peek())) ++at_;
        }
        if (is_name_char(peek()) || peek() == '.')
            fail_at(text_, at_, std::string("unexpected '") + peek() + "' after the number " +
                                    text_.substr(start, at_ - start));
        Token t = make(decimal ? TokenKind::Float : TokenKind::Int, start);
        const std::string spelling = text_.substr(start, at_ - start);
        errno = 0;
        if (decimal) {
            t.float_value = std::strtod(spelling.c_str(), nullptr);
        } else {
            t.int_value = std::strtoll(spelling.c_str(), nullptr, 10);
            if (errno == ERANGE)
                fail_at(text_, start, "the integer " + spelling + " is too large (at most 9223372036854775807)");
        }
        return t;
    }

    Token word() {
        const size_t start = at_;
        while (is_name_char(peek())) ++at_;
        Token t = make(TokenKind::Name, start);
        t.text = text_.substr(start, at_ - start);
        t.kind = keyword_kind(t.text);
        return t;
    }

    Token quoted_name() {
        const size_t start = at_++;
        const size_t close = text_.find('`', at_);
        if (close == std::string::npos) fail_at(text_, start, "the column name started here has no closing '`'");
        if (close == at_) fail_at(text_, start, "empty column name ``");
        at_ = close + 1;
        Token t = make(TokenKind::Name, start);
        t.text = text_.substr(start + 1, close - start - 1);
        return t;
    }

    Token string_literal() {
        const size_t start = at_;
        const char quote = text_[at_++];
        std::string value;
        while (true) {
            if (at_ >= text_.size())
                fail_at(text_, start, std::string("the string started here has no closing ") + quote);
            const char c = text_[at_];
            if (c == quote) break;
            if (c == '\\') {
                value += escaped(at_ + 1);
                at_ += 2;
            } else {
                value += c;
                ++at_;
            }
        }
        ++at_;  // the closing quote
        Token t = make(TokenKind::String, start);
        t.text = std::move(value);
        return t;
    }

    // The character a backslash escape at `pos` (the character after the backslash) stands for.
    char escaped(size_t pos) const {
        const char c = pos < text_.size() ? text_[pos] : '\0';
        switch (c) {
            case '\\': case '"': case '\'': return c;
            case 'n': return '\n';
            case 't': return '\t';
            default:
                fail_at(text_, pos - 1, std::string("unknown escape '\\") + (c ? std::string(1, c) : "") +
                                            "' in a string; use \\\\, \\\", \\', \\n or \\t");
        }
    }

    Token symbol() {
        const size_t start = at_;
        const char c = peek(), d = peek(1);
        auto two = [&](TokenKind kind) { at_ += 2; return make(kind, start); };
        auto one = [&](TokenKind kind) { at_ += 1; return make(kind, start); };
        if (c == '=' && d == '=') return two(TokenKind::Eq);
        if (c == '!' && d == '=') return two(TokenKind::Ne);
        if (c == '<' && d == '>') return two(TokenKind::Ne);
        if (c == '<' && d == '=') return two(TokenKind::Le);
        if (c == '>' && d == '=') return two(TokenKind::Ge);
        if (c == '&' && d == '&') return two(TokenKind::And);
        if (c == '|' && d == '|') return two(TokenKind::Or);
        switch (c) {
            case '=': return one(TokenKind::Eq);
            case '<': return one(TokenKind::Lt);
            case '>': return one(TokenKind::Gt);
            case '!': return one(TokenKind::Not);
            case '+': return one(TokenKind::Plus);
            case '-': return one(TokenKind::Minus);
            case '*': return one(TokenKind::Star);
            case '/': return one(TokenKind::Slash);
            case '%': return one(TokenKind::Percent);
            case '(': return one(TokenKind::LParen);
            case ')': return one(TokenKind::RParen);
            case '[': return one(TokenKind::LBracket);
            case ']': return one(TokenKind::RBracket);
            case ',': return one(TokenKind::Comma);
            case '&': fail_at(text_, start, "unexpected '&'; write 'and' or '&&'");
            case '|': fail_at(text_, start, "unexpected '|'; write 'or' or '||'");
            default: break;
        }
        std::string shown(1, c);
        for (size_t i = 1; at_ + i < text_.size() && (static_cast<unsigned char>(text_[at_ + i]) & 0xC0) == 0x80; ++i)
            shown += text_[at_ + i];  // the whole UTF-8 character
        std::string hint = static_cast<unsigned char>(c) >= 0x80 ? "; write other column names in backticks, e.g. `größe`" : "";
        fail_at(text_, start, "unexpected character '" + shown + "'" + hint);
    }

    const std::string& text_;
    size_t at_ = 0;
};

}  // namespace

std::vector<Token> tokenize(const std::string& text) { return Lexer(text).run(); }

std::string describe(const Token& token, const std::string& text) {
    switch (token.kind) {
        case TokenKind::End: return "end of rule";
        case TokenKind::Name: return "column '" + token.text + "'";
        case TokenKind::String: return "the string " + text.substr(token.pos, token.length);
        case TokenKind::Int:
        case TokenKind::Float: return "the number " + text.substr(token.pos, token.length);
        default: return "'" + text.substr(token.pos, token.length) + "'";
    }
}

}  // namespace persona::expr::detail
