// The transforms on MovieLens 100k (skipped with a warning when PERSONA_DATA_DIR lacks it): invariants, not numbers.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "transform_test_support.h"

using namespace persona;
using namespace persona::testing;

namespace {

// u.data: user, item, rating, unix time, tab-separated; empty table when the file is absent.
Table load_ml100k() {
    std::ifstream in(std::string(PERSONA_DATA_DIR) + "/ml-100k/u.data");
    std::vector<int64_t> user, item, ts;
    std::vector<double> rating;
    int64_t u, i, t;
    double r;
    while (in >> u >> i >> r >> t) {
        user.push_back(u);
        item.push_back(i);
        rating.push_back(r);
        ts.push_back(t);
    }
    Table table;
    if (user.empty()) return table;
    table.add_int64("user", user);
    table.add_int64("item", item);
    table.add_float64("rating", rating);
    table.add_int64("ts", ts);
    return table;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("transforms on MovieLens 100k keep their invariants", "[real-data]") {
    Table ratings = load_ml100k();
    if (ratings.rows() == 0) {
        WARN("ml-100k/u.data not found under PERSONA_DATA_DIR; skipping");
        SUCCEED();
        return;
    }
    REQUIRE(ratings.rows() == 100000);

    auto start = std::chrono::steady_clock::now();
    auto filtered = run_transform("transform.filter", ratings, {{"min_user", 10}, {"min_item", 10}, {"core", true}});
    INFO("filter 10-core: " << seconds_since(start) << " s");
    const Table& core = filtered.table("table");
    std::map<int64_t, int64_t> per_user, per_item;
    for (int64_t r = 0; r < core.rows(); ++r) {
        ++per_user[core.column("user").ints[r]];
        ++per_item[core.column("item").ints[r]];
    }
    for (const auto& [user, n] : per_user) CHECK(n >= 10);
    for (const auto& [item, n] : per_item) CHECK(n >= 10);
    CHECK(core.rows() + filtered.notes["rows_removed_min_item"].get<int64_t>() +
              filtered.notes["rows_removed_min_user"].get<int64_t>() == 100000);

    start = std::chrono::steady_clock::now();
    auto split = run_transform("transform.split", core, Json::object());
    INFO("leave-one-out split: " << seconds_since(start) << " s");
    const Table& test = split.table("test");
    CHECK(test.rows() == static_cast<int64_t>(per_user.size()));  // every ml-100k user has >= 20 ratings
    CHECK(split.table("valid").rows() == test.rows());
    CHECK(split.table("train").rows() + 2 * test.rows() == core.rows());
    std::map<int64_t, int64_t> last_train_time;
    const Table& train = split.table("train");
    for (int64_t r = 0; r < train.rows(); ++r) {
        int64_t& last = last_train_time[train.column("user").ints[r]];
        last = std::max(last, train.column("ts").ints[r]);
    }
    for (int64_t r = 0; r < test.rows(); ++r) CHECK(test.column("ts").ints[r] >= last_train_time[test.column("user").ints[r]]);

    start = std::chrono::steady_clock::now();
    auto seq = run_transform("transform.sequences", core, {{"max_length", 50}, {"extra", {"ts"}}});
    INFO("sequences: " << seconds_since(start) << " s");
    const Table& sequences = seq.table("sequences");
    CHECK(sequences.rows() == static_cast<int64_t>(per_user.size()));
    int64_t total = 0;
    for (int64_t r = 0; r < sequences.rows(); ++r) {
        total += sequences.column("length").ints[r];
        auto times = list_at(sequences, "ts", r);
        CHECK(static_cast<int64_t>(times.size()) == std::min<int64_t>(50, sequences.column("length").ints[r]));
        CHECK(std::is_sorted(times.begin(), times.end()));
    }
    CHECK(total == core.rows());
}
