// Tests of profile.transactions: every rejection reason, each policy, item ids, sorting, items table.
#include <catch2/catch.hpp>

#include "profiles_test_support.h"

using namespace persona;
using namespace persona::testing;

namespace {

const double NaN = std::nan("");

// Online Retail-shaped lines, as source.csv would give them (InvoiceDate left as text here).
//  row invoice   code     qty  date                   price  customer  -> default policies
//   0  536365    85123A     6  2010-12-01 08:26:00    2.55   17850.0   kept
//   1  536365    71053      6  2010-12-01 08:26:00    3.39   17850.0   kept
//   2  536366    22633      6  2010-12-01 08:28:00    1.85   (none)    missing_user
//   3  C536379   D         -1  2010-12-01 09:41:00   27.50   14527.0   cancelled
//   4  536367    84879     32  2010-12-01 08:34:00    1.69   13047.5   bad_user
//   5  536368    22960      3  not a date             4.25   13047.0   bad_time
//   6  536369    (empty)    3  2010-12-01 08:35:00    5.95   13047.0   missing_item
//   7  536370    22728     -2  2010-12-01 08:45:00    3.75   12583.0   return
//   8  536371    22086      1  2010-12-01 09:00:00    0.00   12583.0   nonpositive_price
//   9  536372    22632      6  2010-12-01 09:01:00    1.85   17850.0   kept
//  10  536373    71053      2  12/1/2010 9:02         3.39   13047.0   kept (UCI date style)
//  11  C536380   22633      1  2010-12-02 10:00:00    1.85   14527.0   cancelled (positive quantity)
Table retail_lines() {
    Table t;
    t.add_string("InvoiceNo", {"536365", "536365", "536366", "C536379", "536367", "536368", "536369", "536370",
                               "536371", "536372", "536373", "C536380"});
    t.add_string("StockCode", {"85123A", "71053", "22633", "D", "84879", "22960", "", "22728", "22086", "22632",
                               "71053", "22633"});
    t.add_int64("Quantity", {6, 6, 6, -1, 32, 3, 3, -2, 1, 6, 2, 1});
    t.add_string("InvoiceDate", {"2010-12-01 08:26:00", "2010-12-01 08:26:00", "2010-12-01 08:28:00",
                                 "2010-12-01 09:41:00", "2010-12-01 08:34:00", "not a date", "2010-12-01 08:35:00",
                                 "2010-12-01 08:45:00", "2010-12-01 09:00:00", "2010-12-01 09:01:00", "12/1/2010 9:02",
                                 "2010-12-02 10:00:00"});
    t.add_float64("UnitPrice", {2.55, 3.39, 1.85, 27.50, 1.69, 4.25, 5.95, 3.75, 0.0, 1.85, 3.39, 1.85});
    t.add_float64("CustomerID", {17850.0, 17850.0, NaN, 14527.0, 13047.5, 13047.0, 13047.0, 12583.0, 12583.0, 17850.0,
                                 13047.0, 14527.0});
    t.add_string("Country", {"UK", "UK", "UK", "UK", "UK", "UK", "UK", "France", "France", "UK", "EIRE", "UK"});
    StringColumnBuilder description;
    for (const char* d : {"WHITE HANGING HEART", "", "", "Discount", "", "", "", "", "", "", "WHITE METAL LANTERN", ""})
        if (*d) description.push(d);
        else description.push_null();
    t.add(description.finish("Description"));
    return t;
}

Json retail_params(Json extra = Json::object()) {
    Json p = {{"user", "CustomerID"}, {"item", "StockCode"}, {"time", "InvoiceDate"}, {"quantity", "Quantity"},
              {"price", "UnitPrice"}, {"invoice", "InvoiceNo"}, {"passthrough", {"Country"}},
              {"item_columns", {"Description"}}};
    for (auto& [k, v] : extra.items()) p[k] = v;
    return p;
}

}  // namespace

TEST_CASE("test clock: utc() matches known unix times", "[transactions]") {
    CHECK(utc(2010, 12, 1) == 1291161600);  // 2010-01-01 = 1262304000, + 334 days
    CHECK(utc(2024, 1, 1) == 1704067200);
}

TEST_CASE("transactions rejects each bad case with its reason and keeps the rest sorted by user, time",
          "[transactions]") {
    auto out = run_profile("profile.transactions", {{"table", retail_lines()}}, retail_params());
    const Table& ev = table_of(out, "events");
    // Kept rows 0, 1, 9, 10; by (user, ts): 13047 row 10 (09:02), then 17850 rows 0 and 1 (08:26), 9 (09:01).
    CHECK(ints(ev, "user") == std::vector<int64_t>{13047, 17850, 17850, 17850});
    // Codes in byte order: 22086 22632 22633 22728 22960 71053 84879 85123A D -> ids 0..8.
    CHECK(ints(ev, "item") == std::vector<int64_t>{5, 7, 5, 1});
    CHECK(texts(ev, "item_code") == std::vector<std::string>{"71053", "85123A", "71053", "22632"});
    const int64_t day = utc(2010, 12, 1);
    CHECK(ints(ev, "ts") == std::vector<int64_t>{day + 9 * 3600 + 2 * 60, day + 8 * 3600 + 26 * 60,
                                                 day + 8 * 3600 + 26 * 60, day + 9 * 3600 + 60});
    CHECK(ints(ev, "quantity") == std::vector<int64_t>{2, 6, 6, 6});
    // amount = quantity x price: 2 x 3.39, 6 x 2.55, 6 x 3.39, 6 x 1.85.
    const auto& amount = floats(ev, "amount");
    CHECK(amount[0] == Approx(6.78));
    CHECK(amount[1] == Approx(15.30));
    CHECK(amount[2] == Approx(20.34));
    CHECK(amount[3] == Approx(11.10));
    CHECK(texts(ev, "invoice") == std::vector<std::string>{"536373", "536365", "536365", "536372"});
    CHECK(texts(ev, "type") == std::vector<std::string>(4, "purchase"));
    CHECK(texts(ev, "Country") == std::vector<std::string>{"EIRE", "UK", "UK", "UK"});

    const Table& rejected = table_of(out, "rejected");
    CHECK(ints(rejected, "row") == std::vector<int64_t>{2, 3, 4, 5, 6, 7, 8, 11});
    CHECK(texts(rejected, "reason") == std::vector<std::string>{"missing_user", "cancelled", "bad_user", "bad_time",
                                                                "missing_item", "return", "nonpositive_price",
                                                                "cancelled"});
}

TEST_CASE("transactions items: kept lines per item, median price, first non-null item column", "[transactions]") {
    auto out = run_profile("profile.transactions", {{"table", retail_lines()}}, retail_params());
    const Table& items = table_of(out, "items");
    // Items with kept lines: 22632 (id 1, row 9), 71053 (id 5, rows 1 and 10), 85123A (id 7, row 0).
    CHECK(ints(items, "item") == std::vector<int64_t>{1, 5, 7});
    CHECK(texts(items, "item_code") == std::vector<std::string>{"22632", "71053", "85123A"});
    CHECK(ints(items, "rows") == std::vector<int64_t>{1, 2, 1});
    CHECK(floats(items, "price") == std::vector<double>{1.85, 3.39, 2.55});
    // 71053: row 1 has no description, row 10 has one.
    CHECK(texts(items, "Description") == std::vector<std::string>{"", "WHITE METAL LANTERN", "WHITE HANGING HEART"});
}

TEST_CASE("transactions keep policies: returns kept as type return, cancels as cancel, free lines kept",
          "[transactions]") {
    auto out = run_profile("profile.transactions", {{"table", retail_lines()}},
                           retail_params({{"cancelled", "keep"}, {"returns", "keep"}, {"nonpositive_price", "keep"}}));
    const Table& ev = table_of(out, "events");
    // Kept: rows 0 1 3 7 8 9 10 11. By user: 12583 (7 08:45, 8 09:00), 13047 (10), 14527 (3 Dec 1, 11 Dec 2),
    // 17850 (0, 1, 9).
    CHECK(ints(ev, "user") == std::vector<int64_t>{12583, 12583, 13047, 14527, 14527, 17850, 17850, 17850});
    // Row 7: qty -2 -> return; row 8: price 0 -> purchase; row 3: C and qty -1 -> return (quantity decides);
    // row 11: C with qty 1 -> cancel.
    CHECK(texts(ev, "type") == std::vector<std::string>{"return", "purchase", "purchase", "return", "cancel",
                                                        "purchase", "purchase", "purchase"});
    CHECK(floats(ev, "amount")[0] == Approx(-7.5));  // -2 x 3.75
    CHECK(floats(ev, "amount")[3] == Approx(-27.5));
    const Table& rejected = table_of(out, "rejected");
    CHECK(ints(rejected, "row") == std::vector<int64_t>{2, 4, 5, 6});
}

TEST_CASE("transactions returns net: negative lines stay purchases with negative amounts", "[transactions]") {
    auto out = run_profile("profile.transactions", {{"table", retail_lines()}},
                           retail_params({{"cancelled", "keep"}, {"returns", "net"}}));
    const Table& ev = table_of(out, "events");
    // Kept: 0 1 3 7 9 10 11 (row 8 still dropped: price 0).
    CHECK(ints(ev, "user") == std::vector<int64_t>{12583, 13047, 14527, 14527, 17850, 17850, 17850});
    CHECK(texts(ev, "type") == std::vector<std::string>{"purchase", "purchase", "purchase", "cancel", "purchase",
                                                        "purchase", "purchase"});
    CHECK(floats(ev, "amount")[0] == Approx(-7.5));
    CHECK(texts(table_of(out, "rejected"), "reason") ==
          std::vector<std::string>{"missing_user", "bad_user", "bad_time", "missing_item", "nonpositive_price"});
}

TEST_CASE("transactions reads string user ids and int64 times; no invoice column means no cancellations",
          "[transactions]") {
    Table t;
    t.add_string("user", {"17850.0", "abc", "", "42"});
    t.add_int64("item", {10, 11, 12, 10});
    t.add_int64("ts", {300, 200, 100, persona::kNullInt});
    t.add_float64("quantity", {1.5, 1, 1, 1});
    t.add_float64("price", {2, 2, 2, 2});
    auto out = run_profile("profile.transactions", {{"table", t}}, {{"invoice", ""}});
    const Table& ev = table_of(out, "events");
    CHECK(ints(ev, "user") == std::vector<int64_t>{17850});
    CHECK(ints(ev, "item") == std::vector<int64_t>{10});  // int64 items keep their ids
    CHECK(texts(ev, "item_code") == std::vector<std::string>{"10"});
    CHECK(floats(ev, "quantity") == std::vector<double>{1.5});
    CHECK(floats(ev, "amount") == std::vector<double>{3.0});
    CHECK_FALSE(ev.has("invoice"));
    CHECK(texts(table_of(out, "rejected"), "reason") ==
          std::vector<std::string>{"bad_user", "missing_user", "bad_time"});
}

TEST_CASE("transactions names a missing column and its param", "[transactions]") {
    CHECK_THROWS_WITH(run_profile("profile.transactions", {{"table", retail_lines()}},
                                  retail_params({{"price", "Price"}})),
                      Catch::Contains("'price'") && Catch::Contains("'Price'") && Catch::Contains("UnitPrice"));
    CHECK_THROWS_WITH(run_profile("profile.transactions", {{"table", retail_lines()}},
                                  retail_params({{"passthrough", {"user"}}})),
                      Catch::Contains("'passthrough'"));
}
