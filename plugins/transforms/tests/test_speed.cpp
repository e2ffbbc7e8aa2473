// Timing of each transform on 1M synthetic rows; hidden (run with: test_transforms "[.speed]").
#include <catch2/catch.hpp>

#include <chrono>
#include <random>

#include "transform_test_support.h"

using namespace persona;
using namespace persona::testing;

namespace {

// 1M interactions: 50k users, 20k items (skewed), unsorted times, 3 event kinds, a float amount.
Table synthetic_interactions(int64_t rows) {
    std::mt19937_64 rng(42);
    std::vector<int64_t> user(rows), item(rows), ts(rows), event(rows);
    std::vector<double> amount(rows);
    for (int64_t r = 0; r < rows; ++r) {
        user[r] = static_cast<int64_t>(rng() % 50000) * 7919;
        uint64_t a = rng() % 20000, b = rng() % 20000;
        item[r] = static_cast<int64_t>(std::min(a, b));
        ts[r] = 1600000000 + static_cast<int64_t>(rng() % 30000000);
        event[r] = static_cast<int64_t>(rng() % 3);
        amount[r] = static_cast<double>(rng() % 10000) / 100.0;
    }
    Table t;
    t.add_int64("user", user);
    t.add_int64("item", item);
    t.add_int64("ts", ts);
    t.add_string_codes("event", event, {"view", "cart", "buy"});
    t.add_float64("amount", amount);
    return t;
}

template <class F> double timed(F&& f) {
    auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("transforms on 1M rows: timings", "[.speed]") {
    Inputs t = table_input("table", synthetic_interactions(1000000));
    WARN("clean dedupe+median+iqr: " << timed([&] {
        run_transform("transform.clean", t, {{"dedupe", true}, {"missing", "median"}, {"outliers", "iqr"}});
    }) << " s");
    WARN("filter events+window+10-core: " << timed([&] {
        run_transform("transform.filter", t, {{"events", {"view", "buy"}}, {"start", "2020-10-01"},
                                              {"min_user", 10}, {"min_item", 10}, {"core", true}});
    }) << " s");
    WARN("split leave_one_out: " << timed([&] { run_transform("transform.split", t, Json::object()); }) << " s");
    WARN("split temporal: " << timed([&] { run_transform("transform.split", t, {{"method", "temporal"}}); }) << " s");
    WARN("split random: " << timed([&] { run_transform("transform.split", t, {{"method", "random"}}); }) << " s");
    WARN("sequences extra [ts, event]: " << timed([&] {
        run_transform("transform.sequences", t, {{"extra", {"ts", "event"}}});
    }) << " s");
    SUCCEED();
}
