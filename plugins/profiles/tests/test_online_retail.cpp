// profile.transactions + behavior + rfm + lifecycle on the real UCI Online Retail file (skipped with a
// warning when ../shared/data/online-retail/online_retail.csv is absent).
#include <catch2/catch.hpp>

#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "profiles_test_support.h"

using namespace persona;
using namespace persona::testing;

namespace {

const std::string kPath = std::string(PERSONA_DATA_DIR) + "/online-retail/online_retail.csv";

Table load_lines() {
    Json params = {{"path", kPath},
                   {"types", {{"InvoiceDate", "datetime"}, {"InvoiceNo", "string"}, {"StockCode", "string"}}},
                   {"bad_rows", "skip"}};
    auto out = kernel::invoke(registry_with("persona_sources"), "source.csv", Inputs{}, params);
    return out.at("table")->table();
}

std::map<std::string, int64_t> counts_by(const Table& t, const std::string& label, const std::string& value) {
    std::map<std::string, int64_t> out;
    for (int64_t r = 0; r < t.rows(); ++r) out[std::string(t.column(label).text(r))] += t.column(value).ints[r];
    return out;
}

}  // namespace

TEST_CASE("Online Retail: transactions, behavior, rfm and lifecycle through the real operators", "[data]") {
    if (!std::ifstream(kPath)) {
        WARN("online-retail/online_retail.csv not found under PERSONA_DATA_DIR; skipping");
        return;
    }
    const Table lines = load_lines();
    // The data README: 541,909 rows, 135,080 without CustomerID, 4,372 customers.
    REQUIRE(lines.rows() == 541909);
    const Column& customer = lines.column("CustomerID");  // written as 17850.0: read as float64
    REQUIRE(customer.type == ColumnType::Float64);
    int64_t missing = 0;
    std::set<double> customers;
    for (int64_t r = 0; r < lines.rows(); ++r)
        if (customer.is_null(r)) ++missing;
        else customers.insert(customer.floats[r]);
    CHECK(missing == 135080);
    CHECK(customers.size() == 4372);

    const Json columns = {{"user", "CustomerID"}, {"item", "StockCode"}, {"time", "InvoiceDate"},
                          {"quantity", "Quantity"}, {"price", "UnitPrice"}, {"invoice", "InvoiceNo"},
                          {"passthrough", {"Country"}}, {"item_columns", {"Description"}}};
    auto tx = run_profile("profile.transactions", {{"table", lines}}, columns);
    const Table& events = table_of(tx, "events");
    // Expected figures from a separate Python csv-module pass over the file: of the 406,829 lines with a
    // customer, 8,905 are cancellations (C invoices), no other line has a negative quantity, 40 have
    // price <= 0; 397,884 lines remain, for 4,338 customers, 18,532 invoices, total 8,911,407.904.
    std::map<std::string, int64_t> reasons;
    const Table& rejected = table_of(tx, "rejected");
    for (int64_t r = 0; r < rejected.rows(); ++r) ++reasons[std::string(rejected.column("reason").text(r))];
    CHECK(reasons["missing_user"] == 135080);
    CHECK(reasons["cancelled"] == 8905);
    CHECK(reasons["return"] == 0);
    CHECK(reasons["nonpositive_price"] == 40);
    CHECK(reasons["bad_user"] == 0);
    CHECK(reasons["bad_time"] == 0);
    CHECK(events.rows() == 397884);

    const Table behavior = table_of(run_profile("profile.behavior", {{"events", events}}), "profile");
    CHECK(behavior.rows() == 4338);
    int64_t total_events = 0, orders = 0;
    for (int64_t u = 0; u < behavior.rows(); ++u) {
        total_events += ints(behavior, "events")[u];
        orders += ints(behavior, "orders")[u];
    }
    CHECK(total_events == 397884);
    CHECK(orders == 18532);

    auto rfm_out = run_profile("profile.rfm", {{"events", events}});
    const Table& rfm = table_of(rfm_out, "rfm");
    CHECK(rfm.rows() == 4338);
    double monetary = 0;
    for (double m : floats(rfm, "monetary")) monetary += m;
    CHECK(monetary == Approx(8911407.904).epsilon(1e-9));
    // Segment sizes: the same Python pass (recency in whole days at 2011-12-10, average-rank quintiles,
    // FM = (f + m + 1) / 2, the default map).
    auto segments = counts_by(table_of(rfm_out, "segments"), "segment", "users");
    std::cout << "Online Retail RFM segments (4,338 customers):";
    for (const auto& [name, n] : segments) std::cout << "  " << name << " " << n;
    std::cout << "\n";
    CHECK(segments == std::map<std::string, int64_t>{{"About to Sleep", 304}, {"At Risk", 679}, {"Cannot Lose", 77},
                                                     {"Champions", 1165}, {"Hibernating", 495}, {"Lost", 476},
                                                     {"Loyal", 665}, {"Need Attention", 210}, {"New", 36},
                                                     {"Potential Loyalist", 142}, {"Promising", 89}});

    auto lc_out = run_profile("profile.lifecycle", {{"events", events}});
    CHECK(table_of(lc_out, "lifecycle").rows() == 4338);
    auto stages = counts_by(table_of(lc_out, "stages"), "stage", "users");
    int64_t staged = 0;
    std::cout << "Online Retail lifecycle stages:";
    for (const auto& [name, n] : stages) std::cout << "  " << name << " " << n, staged += n;
    std::cout << "\n";
    CHECK(staged == 4338);
}
