// source.synthetic: determinism, funnel, interest concentration, churn, and structure item-KNN can use.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "sources_test_support.h"

using persona::Json;
using persona::kNullInt;
using persona::testing::run_source;

namespace {

const Json kSmall = {{"users", 600}, {"items", 300}, {"days", 60}};

std::string hash_of(const persona::testing::StepRun& run, const std::string& port) {
    return run.outputs.at(port)->content_hash();
}

// Hit rate at 10 of predicting each user's last viewed item from the rest, by popularity and by item-KNN.
struct HitRates {
    double popularity = 0, knn = 0;
    int64_t users = 0;
};

HitRates leave_last_out(const persona::Table& events, int64_t num_items) {
    const auto& user = events.column("user").ints;
    const auto& item = events.column("item").ints;
    const auto& kind = events.column("event").ints;  // code 0 = view
    std::map<int64_t, std::vector<int64_t>> views;   // user -> viewed items in time order
    for (int64_t i = 0; i < events.rows(); ++i)
        if (kind[i] == 0) views[user[i]].push_back(item[i]);
    std::map<int64_t, std::set<int64_t>> history;
    std::map<int64_t, int64_t> target;
    std::vector<double> count(num_items, 0);
    for (auto& [u, seq] : views) {
        std::set<int64_t> seen(seq.begin(), seq.end() - 1);
        if (seen.size() < 3 || seen.count(seq.back())) continue;
        history[u] = seen;
        target[u] = seq.back();
        for (int64_t i : seen) count[i] += 1;
    }
    std::vector<double> co(num_items * num_items, 0);
    for (auto& [u, seen] : history)
        for (int64_t a : seen)
            for (int64_t b : seen)
                if (a != b) co[a * num_items + b] += 1;
    std::vector<int64_t> by_popularity(num_items);
    for (int64_t i = 0; i < num_items; ++i) by_popularity[i] = i;
    std::stable_sort(by_popularity.begin(), by_popularity.end(), [&](int64_t a, int64_t b) { return count[a] > count[b]; });
    HitRates rates;
    std::vector<double> score(num_items);
    for (auto& [u, seen] : history) {
        int shown = 0;
        for (int64_t i : by_popularity) {
            if (seen.count(i)) continue;
            if (i == target[u]) rates.popularity += 1;
            if (++shown == 10) break;
        }
        std::fill(score.begin(), score.end(), 0.0);
        for (int64_t a : seen)
            for (int64_t b = 0; b < num_items; ++b)
                if (co[a * num_items + b] > 0) score[b] += co[a * num_items + b] / std::sqrt(count[a] * count[b]);
        double target_score = score[target[u]];
        int64_t better = 0;
        for (int64_t b = 0; b < num_items; ++b)
            if (!seen.count(b) && b != target[u] && score[b] > target_score) ++better;
        if (target_score > 0 && better < 10) rates.knn += 1;
        rates.users += 1;
    }
    rates.popularity /= rates.users;
    rates.knn /= rates.users;
    return rates;
}

}  // namespace

TEST_CASE("source.synthetic is deterministic for a seed and differs across seeds", "[synthetic]") {
    auto a = run_source("source.synthetic", kSmall, 7);
    auto b = run_source("source.synthetic", kSmall, 7);
    auto c = run_source("source.synthetic", kSmall, 8);
    for (const char* port : {"events", "users", "items"}) CHECK(hash_of(a, port) == hash_of(b, port));
    CHECK(hash_of(a, "events") != hash_of(c, "events"));
    CHECK(hash_of(a, "users") != hash_of(c, "users"));
}

TEST_CASE("source.synthetic events are well formed and sorted by (ts, user)", "[synthetic]") {
    auto run = run_source("source.synthetic", kSmall, 3);
    const auto& events = run.table("events");
    const auto& users = run.table("users");
    const auto& items = run.table("items");
    REQUIRE(users.rows() == 600);
    REQUIRE(items.rows() == 300);
    REQUIRE(events.rows() > 1000);
    CHECK(users.column("interest").width == 12);
    const auto& u = events.column("user").ints;
    const auto& it = events.column("item").ints;
    const auto& ts = events.column("ts").ints;
    const auto& signup = users.column("signup_ts").ints;
    const int64_t start = 1704067200;  // 2024-01-01
    bool ok = true;
    for (int64_t i = 0; i < events.rows(); ++i) {
        ok = ok && u[i] >= 0 && u[i] < 600 && it[i] >= 0 && it[i] < 300 && ts[i] >= signup[u[i]] && ts[i] >= start &&
             ts[i] < start + 61 * 86400;
        if (i > 0) ok = ok && (ts[i - 1] < ts[i] || (ts[i - 1] == ts[i] && u[i - 1] <= u[i]));
        ok = ok && events.column("price").floats[i] == items.column("price").floats[it[i]];
        ok = ok && events.column("category").ints[i] == items.column("category").ints[it[i]];
    }
    CHECK(ok);
}

TEST_CASE("source.synthetic funnel: views > carts > purchases, purchases follow carts", "[synthetic]") {
    auto run = run_source("source.synthetic", kSmall, 5);
    const auto& events = run.table("events");
    const auto& kind = events.column("event");
    REQUIRE(kind.dict == std::vector<std::string>{"view", "cart", "purchase"});
    int64_t counts[3] = {0, 0, 0};
    std::map<std::pair<int64_t, int64_t>, int64_t> open_carts;  // (user, item) -> carts not yet bought
    bool purchase_after_cart = true;
    for (int64_t i = 0; i < events.rows(); ++i) {
        const int64_t k = kind.ints[i];
        counts[k] += 1;
        const auto key = std::make_pair(events.column("user").ints[i], events.column("item").ints[i]);
        if (k == 1) open_carts[key] += 1;
        if (k == 2) purchase_after_cart = purchase_after_cart && open_carts[key]-- > 0;
    }
    CHECK(counts[0] > 2 * counts[1]);
    CHECK(counts[1] > counts[2]);
    CHECK(counts[2] > 0);
    CHECK(purchase_after_cart);
}

TEST_CASE("source.synthetic: each user's dominant category dominates their views", "[synthetic]") {
    auto run = run_source("source.synthetic", kSmall, 11);
    const auto& events = run.table("events");
    const auto& users = run.table("users");
    std::vector<std::vector<int64_t>> per_user(600, std::vector<int64_t>(12, 0));
    for (int64_t i = 0; i < events.rows(); ++i)
        if (events.column("event").ints[i] == 0) per_user[events.column("user").ints[i]][events.column("category").ints[i]] += 1;
    int64_t considered = 0, top_is_dominant = 0;
    double share_sum = 0;
    for (int64_t u = 0; u < 600; ++u) {
        const auto& counts = per_user[u];
        int64_t total = 0;
        for (int64_t c : counts) total += c;
        if (total < 20) continue;
        const int64_t dominant = users.column("dominant_category").ints[u];
        const int64_t top = std::max_element(counts.begin(), counts.end()) - counts.begin();
        considered += 1;
        top_is_dominant += top == dominant;
        share_sum += static_cast<double>(counts[dominant]) / total;
        const float* w = &users.column("interest").vectors[u * 12];
        CHECK(*std::max_element(w, w + 12) == w[dominant]);
    }
    REQUIRE(considered > 100);
    CHECK(static_cast<double>(top_is_dominant) / considered > 0.9);
    CHECK(share_sum / considered > 0.55);
}

TEST_CASE("source.synthetic: churned users are silent after churn_ts", "[synthetic]") {
    Json params = kSmall;
    params["churn_rate"] = 0.4;
    auto run = run_source("source.synthetic", params, 13);
    const auto& users = run.table("users");
    const auto& churned = users.column("churned").ints;
    const auto& churn_ts = users.column("churn_ts").ints;
    int64_t churners = 0;
    for (int64_t u = 0; u < users.rows(); ++u) {
        churners += churned[u];
        CHECK((churned[u] == 1) == (churn_ts[u] != kNullInt));
    }
    CHECK(churners > 0.3 * 600);
    CHECK(churners < 0.5 * 600);
    int64_t late = 0, before = 0;
    const auto& events = run.table("events");
    for (int64_t i = 0; i < events.rows(); ++i) {
        const int64_t u = events.column("user").ints[i];
        if (!churned[u]) continue;
        (events.column("ts").ints[i] >= churn_ts[u] ? late : before) += 1;
    }
    CHECK(late == 0);
    CHECK(before > 0);
}

TEST_CASE("source.synthetic: item-KNN beats popularity on the generated views", "[synthetic]") {
    auto run = run_source("source.synthetic", {{"users", 1000}, {"items", 500}}, 21);
    const HitRates rates = leave_last_out(run.table("events"), 500);
    INFO("HR@10 popularity " << rates.popularity << ", item-KNN " << rates.knn << " over " << rates.users << " users");
    REQUIRE(rates.users > 200);
    CHECK(rates.knn > 1.5 * rates.popularity);
    CHECK(rates.knn > rates.popularity + 0.05);
}

TEST_CASE("source.synthetic rejects fewer items than categories and a bad start date", "[synthetic]") {
    CHECK_THROWS_WITH(run_source("source.synthetic", {{"items", 5}, {"categories", 12}}), Catch::Contains("items"));
    CHECK_THROWS_WITH(run_source("source.synthetic", {{"start", "Jan 1"}}), Catch::Contains("start"));
}
