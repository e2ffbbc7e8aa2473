// The sources on the real files in shared/data, when present (skipped with a warning otherwise).
#include <catch2/catch.hpp>

#include "sources_test_support.h"

using persona::Json;
using persona::testing::data_file;
using persona::testing::run_source;

TEST_CASE("source.csv loads online_retail.csv", "[real]") {
    const std::string path = data_file("online-retail/online_retail.csv");
    if (path.empty()) { SUCCEED("data absent"); return; }
    auto run = run_source("source.csv", {{"path", path}, {"types", {{"CustomerID", "int64"}}}});
    const auto& t = run.table("table");
    CHECK(t.rows() == 541909);
    CHECK(run.notes["bad_rows"] == 0);
    CHECK(run.notes["types"] == Json{{"InvoiceNo", "string"}, {"StockCode", "string"}, {"Description", "string"},
                                     {"Quantity", "int64"}, {"InvoiceDate", "datetime"}, {"UnitPrice", "float64"},
                                     {"CustomerID", "int64"}, {"Country", "string"}});
    int64_t missing_customer = 0;
    for (int64_t r = 0; r < t.rows(); ++r) missing_customer += t.column("CustomerID").is_null(r);
    CHECK(missing_customer == 135080);
    CHECK(t.column("Country").dict.size() == 38);
    CHECK(t.column("CustomerID").ints[0] == 17850);
    const auto& when = t.column("InvoiceDate").ints;
    CHECK(*std::min_element(when.begin(), when.end()) == 1291191960);  // 2010-12-01 08:26:00
    CHECK(*std::max_element(when.begin(), when.end()) == 1323435000);  // 2011-12-09 12:50:00
}

TEST_CASE("source.movielens loads ml-100k", "[real]") {
    const std::string path = data_file("ml-100k/u.data");
    if (path.empty()) { SUCCEED("data absent"); return; }
    auto run = run_source("source.movielens", {{"path", std::string(PERSONA_DATA_DIR) + "/ml-100k"}});
    CHECK(run.table("ratings").rows() == 100000);
    CHECK(run.table("users").rows() == 943);
    const auto& items = run.table("items");
    CHECK(items.rows() == 1682);
    CHECK(items.column("title").text(0) == "Toy Story (1995)");
    CHECK(items.column("genres").text(0) == "Animation|Children's|Comedy");
    CHECK(items.column("year").ints[0] == 1995);
}

TEST_CASE("source.sequences loads Amazon Beauty", "[real]") {
    const std::string path = data_file("amazon-beauty/Beauty.txt");
    if (path.empty()) { SUCCEED("data absent"); return; }
    auto run = run_source("source.sequences", {{"path", path}});
    CHECK(run.table("events").rows() == 198502);
    CHECK(run.table("sequences").rows() == 22363);
    CHECK(run.notes["bad_rows"] == 0);
}

TEST_CASE("source.csv loads the whitespace-separated CDNOW sample", "[real]") {
    const std::string path = data_file("cdnow/CDNOW_sample.txt");
    if (path.empty()) { SUCCEED("data absent"); return; }
    auto run = run_source("source.csv", {{"path", path}, {"header", false}, {"delimiter", "whitespace"},
                                         {"types", {{"c2", "datetime"}}}});
    const auto& t = run.table("table");
    CHECK(t.rows() == 6919);  // the README of shared/data/cdnow: 6,919 rows, 2,357 customers
    CHECK(run.notes["bad_rows"] == 0);
    CHECK(t.column("c1").ints[0] == 1);
    const auto& when = t.column("c2").ints;
    CHECK(*std::min_element(when.begin(), when.end()) == 852076800);  // 1997-01-01
    CHECK(*std::max_element(when.begin(), when.end()) == 899164800);  // 1998-06-30
    double cds = 0, dollars = 0;
    for (int64_t r = 0; r < t.rows(); ++r) {
        cds += static_cast<double>(t.column("c3").ints[r]);
        dollars += t.column("c4").floats[r];
    }
    CHECK(cds == 16479);
    CHECK(dollars == Approx(244091.94).margin(0.005));
}
