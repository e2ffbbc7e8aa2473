// source.csv on small hand-written files: quoting, types, nulls, dates, column choice and bad-row policies.
#include <catch2/catch.hpp>
#include <cmath>

#include "sources_test_support.h"

using persona::Json;
using persona::kNullInt;
using persona::testing::run_source;
using persona::testing::TempFolder;

namespace {

// The texts of a string column ("<null>" for missing cells).
std::vector<std::string> texts(const persona::Column& c) {
    std::vector<std::string> out;
    for (int64_t r = 0; r < c.size(); ++r) out.push_back(c.is_null(r) ? "<null>" : std::string(c.text(r)));
    return out;
}

std::string error_of(const Json& params) {
    try {
        run_source("source.csv", params);
    } catch (const std::exception& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("source.csv: RFC 4180 quoting, escaped quotes and newlines inside quotes", "[csv]") {
    TempFolder dir("csv-quoting");
    const std::string path = dir.write("q.csv",
                                       "id,name,score\n"
                                       "1,\"Smith, John\",3.5\n"
                                       "2,\"say \"\"hi\"\"\",4\n"
                                       "3,\"multi\nline\",\n"
                                       "4,plain,-2e1\n");
    auto run = run_source("source.csv", {{"path", path}});
    const auto& t = run.table("table");
    REQUIRE(t.rows() == 4);
    CHECK(t.column("id").type == persona::ColumnType::Int64);
    CHECK(t.column("id").ints == std::vector<int64_t>{1, 2, 3, 4});
    CHECK(texts(t.column("name")) == std::vector<std::string>{"Smith, John", "say \"hi\"", "multi\nline", "plain"});
    const auto& score = t.column("score");
    REQUIRE(score.type == persona::ColumnType::Float64);
    CHECK(score.floats[0] == 3.5);
    CHECK(score.floats[1] == 4.0);
    CHECK(std::isnan(score.floats[2]));
    CHECK(score.floats[3] == -20.0);
    CHECK(run.notes["bad_rows"] == 0);
}

TEST_CASE("source.csv: types are inferred over all rows", "[csv]") {
    TempFolder dir("csv-infer");
    const std::string path = dir.write("t.csv",
                                       "n,x,when,code,empty\n"
                                       "1,1,2024-01-02 03:04:05,100,\n"
                                       ",2.5,2024-01-03,C200,\n"
                                       "-7,,,300,\n");
    auto run = run_source("source.csv", {{"path", path}});
    const auto& t = run.table("table");
    REQUIRE(t.rows() == 3);
    CHECK(run.notes["types"] == Json{{"n", "int64"}, {"x", "float64"}, {"when", "datetime"}, {"code", "string"}, {"empty", "int64"}});
    CHECK(t.column("n").ints == std::vector<int64_t>{1, kNullInt, -7});
    CHECK(t.column("x").floats[0] == 1.0);
    CHECK(t.column("x").floats[1] == 2.5);
    CHECK(std::isnan(t.column("x").floats[2]));
    CHECK(t.column("when").ints == std::vector<int64_t>{1704164645, 1704240000, kNullInt});
    CHECK(texts(t.column("code")) == std::vector<std::string>{"100", "C200", "300"});  // one non-number: all text
    CHECK(t.column("empty").ints == std::vector<int64_t>{kNullInt, kNullInt, kNullInt});
}

TEST_CASE("source.csv: declared types win over inference", "[csv]") {
    TempFolder dir("csv-declared");
    const std::string path = dir.write("d.csv",
                                       "customer,zip,when,amount\n"
                                       "17850.0,007,12/1/2010 8:26,3\n"
                                       ",010,2010-12-01,4\n");
    auto run = run_source("source.csv", {{"path", path},
                                         {"types", {{"customer", "int64"}, {"zip", "string"}, {"when", "datetime"},
                                                    {"amount", "float64"}}}});
    const auto& t = run.table("table");
    CHECK(t.column("customer").ints == std::vector<int64_t>{17850, kNullInt});
    CHECK(texts(t.column("zip")) == std::vector<std::string>{"007", "010"});
    CHECK(t.column("when").ints == std::vector<int64_t>{1291191960, 1291161600});
    REQUIRE(t.column("amount").type == persona::ColumnType::Float64);
    CHECK(t.column("amount").floats == std::vector<double>{3.0, 4.0});
}

TEST_CASE("source.csv: a bad row fails with file:line and what was expected", "[csv]") {
    TempFolder dir("csv-fail");
    const std::string wrong_count = dir.write("a.csv", "a,b,c\n1,2,3\n4,5,6\n7,8\n");
    std::string message = error_of({{"path", wrong_count}});
    CHECK_THAT(message, Catch::Contains("a.csv:4:"));
    CHECK_THAT(message, Catch::Contains("expected 3 fields"));
    CHECK_THAT(message, Catch::Contains("found 2"));

    const std::string bad_value = dir.write("b.csv", "a,b\n1,2\nx,3\n");
    message = error_of({{"path", bad_value}, {"types", {{"a", "int64"}}}});
    CHECK_THAT(message, Catch::Contains("b.csv:3:"));
    CHECK_THAT(message, Catch::Contains("column 'a'"));
    CHECK_THAT(message, Catch::Contains("expected an integer"));

    const std::string unclosed = dir.write("c.csv", "a,b\n1,\"open\n2,3\n");
    CHECK_THAT(error_of({{"path", unclosed}}), Catch::Contains("c.csv:2:"));
}

TEST_CASE("source.csv: bad_rows skip drops, counts and notes the bad rows", "[csv]") {
    TempFolder dir("csv-skip");
    const std::string path = dir.write("s.csv",
                                       "id,qty\n"
                                       "1,10\n"
                                       "2,ten\n"
                                       "3,30\n"
                                       "4,40,extra\n"
                                       "5,50\n");
    auto run = run_source("source.csv", {{"path", path}, {"bad_rows", "skip"}, {"types", {{"qty", "int64"}}}});
    const auto& t = run.table("table");
    CHECK(t.column("id").ints == std::vector<int64_t>{1, 3, 5});
    CHECK(t.column("qty").ints == std::vector<int64_t>{10, 30, 50});
    CHECK(run.notes["bad_rows"] == 2);
    CHECK(run.notes["bad_row_examples"] == Json{3, 5});
}

TEST_CASE("source.csv: columns picks and orders columns; unknown names are errors", "[csv]") {
    TempFolder dir("csv-columns");
    const std::string path = dir.write("c.csv", "a,b,c\n1,x,2.5\n2,y,3.5\n");
    auto run = run_source("source.csv", {{"path", path}, {"columns", {"c", "a"}}});
    const auto& t = run.table("table");
    REQUIRE(t.num_columns() == 2);
    CHECK(t.column(size_t(0)).name == "c");
    CHECK(t.column(size_t(1)).name == "a");
    CHECK(t.column("a").ints == std::vector<int64_t>{1, 2});
    const std::string message = error_of({{"path", path}, {"columns", {"a", "nope"}}});
    CHECK_THAT(message, Catch::Contains("no column 'nope'"));
    CHECK_THAT(message, Catch::Contains("a, b, c"));
    CHECK_THAT(error_of({{"path", path}, {"types", {{"b", "decimal"}}}}), Catch::Contains("unknown type 'decimal'"));
}

TEST_CASE("source.csv: no header, other delimiter, CRLF endings, BOM and blank lines", "[csv]") {
    TempFolder dir("csv-dialect");
    const std::string path = dir.write("d.csv", "\xEF\xBB\xBF" "1;'a;b'\r\n\r\n2;c\r\n3;'it''s'");
    auto run = run_source("source.csv", {{"path", path}, {"header", false}, {"delimiter", ";"}, {"quote", "'"}});
    const auto& t = run.table("table");
    REQUIRE(t.rows() == 3);
    CHECK(t.column("c0").ints == std::vector<int64_t>{1, 2, 3});
    CHECK(texts(t.column("c1")) == std::vector<std::string>{"a;b", "c", "it's"});
}

TEST_CASE("source.csv: a missing file is an error naming it", "[csv]") {
    CHECK_THAT(error_of({{"path", "/nonexistent/file.csv"}}), Catch::Contains("/nonexistent/file.csv"));
}

TEST_CASE("source.csv: delimiter whitespace splits on runs of spaces and tabs", "[csv]") {
    // CDNOW-like lines: a leading blank, runs of spaces and a tab between fields, CRLF endings, trailing
    // blanks, a blank-only line (not a row). Line 4 has 3 fields instead of 4: a bad row at line 4.
    TempFolder dir("csv-whitespace");
    const std::string path = dir.write("w.txt",
                                       " 00004 0001 19970101  2   29.33\r\n"
                                       "00021\t0002   19970102 3\t 63.34  \r\n"
                                       "   \r\n"
                                       " 00033 0003 19970103\r\n");
    auto run = run_source("source.csv", {{"path", path}, {"header", false}, {"delimiter", "whitespace"},
                                         {"types", {{"c2", "datetime"}}}, {"bad_rows", "skip"}});
    const auto& t = run.table("table");
    REQUIRE(t.rows() == 2);
    CHECK(t.num_columns() == 5);
    CHECK(t.column("c0").ints == std::vector<int64_t>{4, 21});  // zero-padded ids read as integers
    CHECK(t.column("c1").ints == std::vector<int64_t>{1, 2});
    // 1997-01-01 is day 9862 since 1970-01-01 (27 years x 365 + 7 leap days): 9862 x 86400 = 852076800.
    CHECK(t.column("c2").ints == std::vector<int64_t>{852076800, 852076800 + 86400});
    CHECK(t.column("c3").ints == std::vector<int64_t>{2, 3});
    CHECK(t.column("c4").floats == std::vector<double>{29.33, 63.34});
    CHECK(run.notes["bad_rows"] == 1);
    CHECK(run.notes["bad_row_examples"] == Json::array({4}));
}

TEST_CASE("source.csv: delimiter whitespace with a header; bad rows fail with the file's line", "[csv]") {
    TempFolder dir("csv-whitespace-header");
    const std::string path = dir.write("h.txt", "id  when\n7 20240229\n\n8 20230229\n");
    auto run_ok = run_source("source.csv", {{"path", dir.write("ok.txt", "id  when\n7 20240229\n")},
                                            {"delimiter", "whitespace"}, {"types", {{"when", "datetime"}}}});
    // 2024-02-29 is day 19782 since 1970-01-01: 19782 x 86400 = 1709164800.
    CHECK(run_ok.table("table").column("when").ints == std::vector<int64_t>{1709164800});
    // 2023-02-29 does not exist: line 4 (the blank line 3 still counts as a line).
    CHECK_THAT(error_of({{"path", path}, {"delimiter", "whitespace"}, {"types", {{"when", "datetime"}}}}),
               Catch::Contains("h.txt:4"));
}

TEST_CASE("source.csv: undeclared YYYYMMDD integers stay int64", "[csv]") {
    TempFolder dir("csv-compact-date");
    auto run = run_source("source.csv", {{"path", dir.write("d.csv", "d\n19970101\n")}});
    CHECK(run.table("table").column("d").ints == std::vector<int64_t>{19970101});
    CHECK(run.notes["types"]["d"] == "int64");
}
