// Tests of the rule language: parsing and precedence, every operator, nulls, strings, in-lists,
// positioned errors with suggestions, type errors, and a timing print over 1,000,000 rows.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "persona/error.h"
#include "persona/expr/expression.h"
#include "persona/table.h"

using persona::Error;
using persona::kNullInt;
using persona::Table;
using persona::expr::Expression;
using persona::expr::Values;
using persona::expr::ValueType;

namespace {

const double NaN = std::nan("");

// Six customers:
// row user frequency monetary monetary_score rfm_segment prev_segment
//  0    1      5       600.0        5         At Risk     At Risk
//  1    2      2       120.5        2         Champions   Lost
//  2    3    null      900.0        4         At Risk     null
//  3    4      7        NaN         3         null        At Risk
//  4    5      5        50.0        1         Lost        Lost
//  5    6      1       501.0        4         At Risk     At Risk
Table customers() {
    Table t;
    t.add_int64("user", {1, 2, 3, 4, 5, 6});
    t.add_int64("frequency", {5, 2, kNullInt, 7, 5, 1});
    t.add_float64("monetary", {600.0, 120.5, 900.0, NaN, 50.0, 501.0});
    t.add_int64("monetary_score", {5, 2, 4, 3, 1, 4});
    t.add_string_codes("rfm_segment", {0, 1, 0, -1, 2, 0}, {"At Risk", "Champions", "Lost"});
    t.add_string_codes("prev_segment", {1, 0, -1, 1, 0, 1}, {"Lost", "At Risk"});  // another dictionary order
    return t;
}

std::vector<uint8_t> rows(std::initializer_list<int> bits) { return std::vector<uint8_t>(bits.begin(), bits.end()); }

std::vector<uint8_t> select(const std::string& rule, const Table& t) { return Expression::parse(rule).select(t); }

std::string canonical(const std::string& rule) { return Expression::parse(rule).to_string(); }

// The numbers of an expression over the table; NaN compares equal to NaN here.
void check_numbers(const std::string& rule, const Table& t, const std::vector<double>& expected) {
    INFO(rule);
    Values v = Expression::parse(rule).evaluate(t);
    REQUIRE(v.type == ValueType::Number);
    REQUIRE(v.numbers.size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        INFO("row " << i);
        if (std::isnan(expected[i])) CHECK(std::isnan(v.numbers[i]));
        else CHECK(v.numbers[i] == Approx(expected[i]));
    }
}

// The message of the persona::Error that parsing (or, with a table, selecting) throws.
std::string error_of(const std::string& rule, const Table* t = nullptr) {
    try {
        Expression e = Expression::parse(rule);
        if (t) e.select(*t);
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

// The first line of an error message.
std::string first_line(const std::string& message) { return message.substr(0, message.find('\n')); }

}  // namespace

TEST_CASE("precedence: * / % over + -, comparison over not, not over and, and over or") {
    CHECK(canonical("a + b * c > 3") == "((a + (b * c)) > 3)");
    CHECK(canonical("a - b - c") == "((a - b) - c)");
    CHECK(canonical("a / b % c * d") == "(((a / b) % c) * d)");
    CHECK(canonical("-a * 2") == "((-a) * 2)");
    CHECK(canonical("a - -b") == "(a - (-b))");
    CHECK(canonical("a > 1 or b > 2 and c > 3") == "((a > 1) or ((b > 2) and (c > 3)))");
    CHECK(canonical("(a > 1 or b > 2) and c > 3") == "(((a > 1) or (b > 2)) and (c > 3))");
    CHECK(canonical("not a > 1 and b > 2") == "((not (a > 1)) and (b > 2))");
    CHECK(canonical("not not a = 1") == "(not (not (a = 1)))");
    CHECK(canonical("a + 1 in (2, 3 * 4)") == "((a + 1) in (2, (3 * 4)))");
    CHECK(canonical("a is null or b is not null") == "((a is null) or (b is not null))");
}

TEST_CASE("synonyms, case-insensitive keywords, brackets, backticks and literals") {
    CHECK(canonical("a == 1 && b <> 2 || !(c != 3)") == "(((a = 1) and (b != 2)) or (not (c != 3)))");
    CHECK(canonical("A > 1 AND NOT b IS NULL Or c IN (1,2)") ==
          "(((A > 1) and (not (b is null))) or (c in (1, 2)))");
    CHECK(canonical("seg NOT IN ['a', \"b\"]") == "(seg not in (\"a\", \"b\"))");
    CHECK(canonical("`total spend` > 5 and `and` = 1") == "((`total spend` > 5) and (`and` = 1))");
    CHECK(canonical("x > 1.5 or x < .5 or x = 2. or x = 1e3 or x = 7") ==
          "(((((x > 1.5) or (x < 0.5)) or (x = 2.0)) or (x = 1000.0)) or (x = 7))");
    CHECK(canonical("flag = TRUE or False") == "((flag = true) or false)");
    CHECK(canonical("n = 'O\\'Brien' or n = \"say \\\"hi\\\"\"") == "((n = \"O'Brien\") or (n = \"say \\\"hi\\\"\"))");
    CHECK(canonical("n = \"it's\" or n = 'a \"b\"'") == "((n = \"it's\") or (n = \"a \\\"b\\\"\"))");
    CHECK(canonical("x\n  >=\t2") == "(x >= 2)");
    CHECK(Expression::parse("b > a and a < c or `c` = b").columns() == std::vector<std::string>{"b", "a", "c"});
    CHECK(Expression::parse("x >= 2").text() == "x >= 2");
}

TEST_CASE("constant expressions follow the precedence rules") {
    Table t = customers();
    check_numbers("1 + 2 * 3", t, std::vector<double>(6, 7));
    check_numbers("(1 + 2) * 3", t, std::vector<double>(6, 9));
    check_numbers("10 - 4 - 3", t, std::vector<double>(6, 3));   // left to right: (10 - 4) - 3
    check_numbers("2 * 3 % 4", t, std::vector<double>(6, 2));    // (2 * 3) % 4
    check_numbers("7 % -3", t, std::vector<double>(6, 1));       // truncated: sign of the left side
    check_numbers("-7 % 3", t, std::vector<double>(6, -1));
    check_numbers("7 / 2", t, std::vector<double>(6, 3.5));      // / always divides exactly
    check_numbers("- -4", t, std::vector<double>(6, 4));
    CHECK(select("true or false and false", t) == rows({1, 1, 1, 1, 1, 1}));   // true or (false and false)
    CHECK(select("not false and false", t) == rows({0, 0, 0, 0, 0, 0}));      // (not false) and false
    CHECK(select("true = (1 < 2)", t) == rows({1, 1, 1, 1, 1, 1}));
    CHECK(select("'a' = 'a' and 'a' != \"b\" and 1 is not null and not 'x' is null", t) == rows({1, 1, 1, 1, 1, 1}));
}

TEST_CASE("comparison operators on int64 and float64 columns, nulls false") {
    Table t = customers();
    // frequency = 5, 2, null, 7, 5, 1
    CHECK(select("frequency < 5", t) == rows({0, 1, 0, 0, 0, 1}));
    CHECK(select("frequency <= 5", t) == rows({1, 1, 0, 0, 1, 1}));
    CHECK(select("frequency > 5", t) == rows({0, 0, 0, 1, 0, 0}));
    CHECK(select("frequency >= 5", t) == rows({1, 0, 0, 1, 1, 0}));
    CHECK(select("frequency = 5", t) == rows({1, 0, 0, 0, 1, 0}));
    CHECK(select("frequency == 5", t) == rows({1, 0, 0, 0, 1, 0}));
    CHECK(select("frequency != 5", t) == rows({0, 1, 0, 1, 0, 1}));  // null row stays 0
    CHECK(select("5 <> frequency", t) == rows({0, 1, 0, 1, 0, 1}));
    CHECK(select("frequency > 4.5", t) == rows({1, 0, 0, 1, 1, 0}));  // int column against a decimal
    // monetary = 600, 120.5, 900, NaN, 50, 501
    CHECK(select("monetary > 500", t) == rows({1, 0, 1, 0, 0, 1}));
    CHECK(select("monetary != 50", t) == rows({1, 1, 1, 0, 0, 1}));   // NaN row stays 0
    CHECK(select("monetary <= 120.5", t) == rows({0, 1, 0, 0, 1, 0}));
    CHECK(select("monetary_score >= frequency", t) == rows({1, 1, 0, 0, 0, 1}));  // 5>=5, 2>=2, null, 3<7, 1<5, 4>=1
    CHECK(select("monetary > frequency * 100", t) == rows({1, 0, 0, 0, 0, 1}));     // 600>500, 120.5<200, null, NaN, 50<500, 501>100
}

TEST_CASE("the rules of the brief") {
    Table t = customers();
    // monetary_score 5,2,4,3,1,4 and frequency 5,2,null,7,5,1: only row 0 has both.
    CHECK(select("monetary_score >= 4 and frequency >= 5", t) == rows({1, 0, 0, 0, 0, 0}));
    // At Risk rows 0, 2, 5 with monetary 600, 900, 501, all above 500.
    CHECK(select("rfm_segment = \"At Risk\" and monetary > 500", t) == rows({1, 0, 1, 0, 0, 1}));
    CHECK(select("monetary_score >= 4 or frequency >= 5", t) == rows({1, 0, 1, 1, 1, 1}));
}

TEST_CASE("arithmetic on columns; nulls, division by zero and overflow give null") {
    Table t = customers();
    check_numbers("monetary / frequency", t, {120, 60.25, NaN, NaN, 10, 501});
    check_numbers("frequency * 2 + 1", t, {11, 5, NaN, 15, 11, 3});
    check_numbers("frequency % 2", t, {1, 0, NaN, 1, 1, 1});
    check_numbers("-frequency", t, {-5, -2, NaN, -7, -5, -1});
    check_numbers("monetary_score - frequency", t, {0, 0, NaN, -4, -4, 3});
    check_numbers("frequency / 0", t, {NaN, NaN, NaN, NaN, NaN, NaN});
    check_numbers("frequency % 0", t, {NaN, NaN, NaN, NaN, NaN, NaN});
    check_numbers("monetary % 100", t, {0, 20.5, 0, NaN, 50, 1});
    check_numbers("monetary - 0.5", t, {599.5, 120, 899.5, NaN, 49.5, 500.5});
    CHECK(select("monetary + 1 > 0", t) == rows({1, 1, 1, 0, 1, 1}));

    Table big;
    big.add_int64("n", {4611686018427387904, -3, kNullInt});  // 2^62
    check_numbers("n * 2", big, {NaN, -6, NaN});               // 2^63 overflows
    check_numbers("n + n - 1", big, {NaN, -7, NaN});
}

TEST_CASE("int64 columns compare exactly where both sides are integers") {
    Table t;
    t.add_int64("id", {9007199254740993, 9007199254740992});  // 2^53 + 1 and 2^53: equal as doubles
    CHECK(select("id = 9007199254740993", t) == rows({1, 0}));
    CHECK(select("id > 9007199254740992", t) == rows({1, 0}));
    CHECK(select("id in (9007199254740992)", t) == rows({0, 1}));
    CHECK(select("id - 1 = 9007199254740992", t) == rows({1, 0}));
}

TEST_CASE("string columns compare by text, through any dictionary") {
    Table t = customers();
    // rfm_segment: At Risk, Champions, At Risk, null, Lost, At Risk
    CHECK(select("rfm_segment = 'At Risk'", t) == rows({1, 0, 1, 0, 0, 1}));
    CHECK(select("'At Risk' = rfm_segment", t) == rows({1, 0, 1, 0, 0, 1}));
    CHECK(select("rfm_segment != 'At Risk'", t) == rows({0, 1, 0, 0, 1, 0}));  // null stays 0
    CHECK(select("rfm_segment <> 'Nope'", t) == rows({1, 1, 1, 0, 1, 1}));
    CHECK(select("rfm_segment = 'Nope'", t) == rows({0, 0, 0, 0, 0, 0}));
    CHECK(select("rfm_segment = 'at risk'", t) == rows({0, 0, 0, 0, 0, 0}));  // text is case-sensitive
    CHECK(select("not (rfm_segment = 'At Risk')", t) == rows({0, 1, 0, 1, 1, 0}));  // not flips the null row
    // prev_segment (other dictionary): At Risk, Lost, null, At Risk, Lost, At Risk
    CHECK(select("rfm_segment = prev_segment", t) == rows({1, 0, 0, 0, 1, 1}));
    CHECK(select("rfm_segment != prev_segment", t) == rows({0, 1, 0, 0, 0, 0}));

    Table names;
    names.add_string("n", {"O'Brien", "say \"hi\"", "plain"});
    CHECK(select("n = 'O\\'Brien'", names) == rows({1, 0, 0}));
    CHECK(select("n = \"O'Brien\"", names) == rows({1, 0, 0}));
    CHECK(select("n = \"say \\\"hi\\\"\"", names) == rows({0, 1, 0}));
    CHECK(select("n = 'say \"hi\"'", names) == rows({0, 1, 0}));
    CHECK(select("n in ('plain', \"O'Brien\")", names) == rows({1, 0, 1}));
}

TEST_CASE("in-lists and null tests") {
    Table t = customers();
    CHECK(select("frequency in (5, 7)", t) == rows({1, 0, 0, 1, 1, 0}));
    CHECK(select("frequency not in [5, 7]", t) == rows({0, 1, 0, 0, 0, 1}));  // null row: not in is false
    CHECK(select("frequency in (monetary_score, 1)", t) == rows({1, 1, 0, 0, 0, 1}));
    CHECK(select("monetary in (50, 600.0)", t) == rows({1, 0, 0, 0, 1, 0}));
    CHECK(select("rfm_segment in (\"Lost\", 'Champions')", t) == rows({0, 1, 0, 0, 1, 0}));
    CHECK(select("rfm_segment not in ('At Risk')", t) == rows({0, 1, 0, 0, 1, 0}));
    CHECK(select("rfm_segment is null", t) == rows({0, 0, 0, 1, 0, 0}));
    CHECK(select("frequency is null", t) == rows({0, 0, 1, 0, 0, 0}));
    CHECK(select("monetary is not null", t) == rows({1, 1, 1, 0, 1, 1}));
    CHECK(select("monetary / frequency is null", t) == rows({0, 0, 1, 1, 0, 0}));
    CHECK(select("frequency IS NOT NULL AND rfm_segment IN ('Lost')", t) == rows({0, 0, 0, 0, 1, 0}));
}

TEST_CASE("evaluate gives numbers, strings or conditions; bind gives the type") {
    Table t = customers();
    Values segment = Expression::parse("rfm_segment").evaluate(t);
    REQUIRE(segment.type == ValueType::String);
    CHECK(segment.codes == std::vector<int64_t>{0, 1, 0, -1, 2, 0});
    CHECK(segment.dict == std::vector<std::string>{"At Risk", "Champions", "Lost"});
    Values label = Expression::parse("'vip'").evaluate(t);
    CHECK(label.codes == std::vector<int64_t>(6, 0));
    CHECK(label.dict == std::vector<std::string>{"vip"});
    Values flags = Expression::parse("frequency > 4").evaluate(t);
    CHECK(flags.type == ValueType::Boolean);
    CHECK(flags.booleans == rows({1, 0, 0, 1, 1, 0}));
    CHECK(flags.size() == 6);

    CHECK(Expression::parse("frequency + 1").bind(t) == ValueType::Number);
    CHECK(Expression::parse("rfm_segment").bind(t) == ValueType::String);
    CHECK(Expression::parse("monetary > 1").bind(t) == ValueType::Boolean);

    // A computed column goes back into the table and can be queried.
    t.add(Expression::parse("monetary / frequency").evaluate(t).to_column("avg_order"));
    CHECK(t.column("avg_order").type == persona::ColumnType::Float64);
    CHECK(select("avg_order > 100", t) == rows({1, 0, 0, 0, 0, 1}));  // 120, 60.25, null, null, 10, 501
    t.add(Expression::parse("rfm_segment").evaluate(t).to_column("segment_copy"));
    CHECK(select("segment_copy = rfm_segment", t) == rows({1, 1, 1, 0, 1, 1}));

    Table empty;
    empty.add_int64("frequency", {});
    CHECK(Expression::parse("frequency > 1 or true").select(empty).empty());
}

TEST_CASE("syntax errors show the character, the text and a caret") {
    CHECK(error_of("monetary_score >=") ==
          "at character 18: expected a value after '>=', found end of rule\n"
          "  monetary_score >=\n"
          "                   ^");
    CHECK(error_of("frequency >= 5 and") ==
          "at character 19: expected a value after 'and', found end of rule\n"
          "  frequency >= 5 and\n"
          "                    ^");
    CHECK(error_of("") == "at character 1: expected a value, found end of rule\n  \n  ^");
    CHECK(first_line(error_of("(a > 1")) == "at character 7: expected ')' to close the '(' at character 1, found end of rule");
    CHECK(first_line(error_of("a > 1 b")) ==
          "at character 7: unexpected column 'b' after a complete expression; join conditions with 'and' or 'or'");
    CHECK(first_line(error_of("a < b < c")) ==
          "at character 7: a comparison cannot be followed by another '<'; join comparisons with 'and' (e.g. 'a < b and b < c')");
    CHECK(first_line(error_of("x = null")) ==
          "at character 5: 'null' is not a value; test for missing values with 'is null' or 'is not null'");
    CHECK(first_line(error_of("x = 'abc")) == "at character 5: the string started here has no closing '");
    CHECK(first_line(error_of("`a b > 1")) == "at character 1: the column name started here has no closing '`'");
    CHECK(first_line(error_of("a @ b")) == "at character 3: unexpected character '@'");
    CHECK(first_line(error_of("a > 1 & b > 2")) == "at character 7: unexpected '&'; write 'and' or '&&'");
    CHECK(first_line(error_of("s = 'a\\qb'")) ==
          "at character 7: unknown escape '\\q' in a string; use \\\\, \\\", \\', \\n or \\t");
    CHECK(first_line(error_of("x > 5abc")) == "at character 6: unexpected 'a' after the number 5");
    CHECK(first_line(error_of("x in 5")) == "at character 6: expected '(' or '[' to start the list after 'in', found the number 5");
    CHECK(first_line(error_of("x in (1, 2]")) ==
          "at character 11: expected ',' or ')' to close the list opened at character 6, found ']'");
    CHECK(first_line(error_of("x in (1,)")) == "at character 9: expected a value after ',', found ')'");
    CHECK(first_line(error_of("x is 5")) == "at character 6: expected 'null' after 'is', found the number 5");
    CHECK(first_line(error_of("x not 5")) == "at character 7: expected 'in' after 'not', found the number 5");
    CHECK(first_line(error_of("x > 99999999999999999999")) ==
          "at character 5: the integer 99999999999999999999 is too large (at most 9223372036854775807)");
    CHECK(first_line(error_of(std::string(300, '(') + "1")) == "at character 201: the rule nests more than 200 levels deep");
    CHECK(first_line(error_of("größe > 1")) ==
          "at character 3: unexpected character 'ö'; write other column names in backticks, e.g. `größe`");
    // Positions count characters, not bytes: "é" is two bytes.
    CHECK(error_of("`é` > ") == "at character 7: expected a value after '>', found end of rule\n  `é` > \n        ^");
}

TEST_CASE("binding reports unknown columns with suggestions and type errors with positions") {
    Table t = customers();
    CHECK(error_of("monetary_score >= 4 and frequncy >= 5", &t) ==
          "at character 25: unknown column 'frequncy'; did you mean 'frequency'?\n"
          "  monetary_score >= 4 and frequncy >= 5\n"
          "                          ^");
    CHECK(first_line(error_of("Monetary > 1", &t)) == "at character 1: unknown column 'Monetary'; did you mean 'monetary' or 'monetary_score'?");
    CHECK(first_line(error_of("segment = 'Lost'", &t)) ==
          "at character 1: unknown column 'segment'; did you mean 'rfm_segment' or 'prev_segment'?");
    CHECK(first_line(error_of("zzz > 1", &t)) ==
          "at character 1: unknown column 'zzz' (columns: user, frequency, monetary, monetary_score, rfm_segment, prev_segment)");
    CHECK(first_line(error_of("rfm_segment > 'A'", &t)) ==
          "at character 13: '>' orders numbers, but its left side is string column 'rfm_segment'; "
          "strings can only be compared with =, != and in");
    CHECK(first_line(error_of("rfm_segment = 5", &t)) ==
          "at character 13: cannot compare string column 'rfm_segment' with the number 5 (write \"5\" to compare text)");
    CHECK(first_line(error_of("frequency == 'five'", &t)) ==
          "at character 11: cannot compare int64 column 'frequency' with the string 'five'");
    CHECK(first_line(error_of("rfm_segment + 1 > 2", &t)) ==
          "at character 13: '+' needs numbers, but its left side is string column 'rfm_segment'");
    CHECK(first_line(error_of("1 * (frequency > 2) = 1", &t)) ==
          "at character 3: '*' needs numbers, but its right side is a condition");
    CHECK(first_line(error_of("-rfm_segment = 1", &t)) == "at character 1: '-' needs a number, but got string column 'rfm_segment'");
    CHECK(first_line(error_of("frequency and monetary > 1", &t)) ==
          "at character 11: 'and' needs conditions, but its left side is int64 column 'frequency'");
    CHECK(first_line(error_of("monetary > 1 || 2", &t)) ==
          "at character 14: '||' needs conditions, but its right side is the number 2");
    CHECK(first_line(error_of("! frequency", &t)) == "at character 1: '!' needs a condition, but got int64 column 'frequency'");
    CHECK(first_line(error_of("frequency in (1, 'a')", &t)) ==
          "at character 18: cannot compare int64 column 'frequency' with the string 'a' in the list");
    CHECK(first_line(error_of("monetary * 2", &t)) ==
          "at character 1: the rule gives a number, not a condition; compare it (e.g. '... > 0') to select rows");

    t.add_vector("embedding", 2, std::vector<float>(12, 0.5f));
    CHECK(first_line(error_of("embedding > 1", &t)) ==
          "at character 1: column 'embedding' is a vector column; rules read int64, float64 and string columns");
    // bind checks before anything is evaluated, and evaluate binds too.
    CHECK_THROWS_AS(Expression::parse("rfm_segment < 1").bind(t), Error);
    CHECK_THROWS_AS(Expression::parse("nope + 1").evaluate(t), Error);
}

TEST_CASE("a three-clause rule over 1,000,000 rows (timing printed, result checked row by row)") {
    const int64_t n = 1000000;
    std::mt19937_64 rng(42);
    std::vector<int64_t> score(n), frequency(n), codes(n);
    std::vector<double> monetary(n);
    for (int64_t i = 0; i < n; ++i) {
        score[i] = 1 + static_cast<int64_t>(rng() % 5);
        frequency[i] = rng() % 50 == 0 ? kNullInt : static_cast<int64_t>(rng() % 20);
        monetary[i] = static_cast<double>(rng() % 100000) / 100.0;
        codes[i] = static_cast<int64_t>(rng() % 6) - 1;  // -1 = null
    }
    Table t;
    t.add_int64("monetary_score", score);
    t.add_int64("frequency", frequency);
    t.add_float64("monetary", monetary);
    t.add_string_codes("rfm_segment", codes, {"Champions", "Loyal", "At Risk", "Lost", "New"});

    Expression rule = Expression::parse("monetary_score >= 4 and frequency >= 5 and rfm_segment = 'At Risk'");
    auto start = std::chrono::steady_clock::now();
    std::vector<uint8_t> hits = rule.select(t);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

    int64_t expected = 0, got = 0, mismatches = 0;
    for (int64_t i = 0; i < n; ++i) {
        bool want = score[i] >= 4 && frequency[i] != kNullInt && frequency[i] >= 5 && codes[i] == 2;
        expected += want;
        got += hits[i];
        mismatches += hits[i] != want;
    }
    CHECK(mismatches == 0);
    CHECK(got == expected);
    std::printf("[expr] 3-clause rule over %lld rows: %.2f ms, %lld rows selected\n", static_cast<long long>(n), ms,
                static_cast<long long>(got));

    start = std::chrono::steady_clock::now();
    Values avg = Expression::parse("monetary / frequency * 2 - 1").evaluate(t);
    ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    CHECK(avg.numbers.size() == static_cast<size_t>(n));
    std::printf("[expr] arithmetic 'monetary / frequency * 2 - 1' over %lld rows: %.2f ms\n", static_cast<long long>(n), ms);
}
