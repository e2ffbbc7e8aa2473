// Tests of metric.ranking with models from persona_models: hand-computed HR/Recall/NDCG/MRR, masking,
// unknown truth items, ties, history order, several seen tables (train + valid), determinism, and item-kNN
// beating popularity on a planted pattern.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

#include "persona/kernel/params.h"
#include "persona/kernel/step_context.h"
#include "persona/persona.h"
#include "plugin_test.h"

using persona::Json;
using persona::Table;

namespace {

// One registry with both plugins: metric.ranking opens models only through the loaders they register.
persona::kernel::PluginRegistry& models_and_metrics() {
    static persona::kernel::PluginRegistry* registry = [] {
        auto* r = new persona::kernel::PluginRegistry();
        r->load(persona::kernel::build_plugin_dir() + "/persona_models.so");
        r->load(persona::kernel::build_plugin_dir() + "/persona_metrics.so");
        return r;
    }();
    return *registry;
}

Table pairs(std::vector<int64_t> users, std::vector<int64_t> items) {
    Table t;
    t.add_int64("user", std::move(users));
    t.add_int64("item", std::move(items));
    return t;
}

Table pairs_at(std::vector<int64_t> users, std::vector<int64_t> items, std::vector<int64_t> ts) {
    Table t = pairs(std::move(users), std::move(items));
    t.add_int64("ts", std::move(ts));
    return t;
}

persona::ArtifactPtr train(const std::string& op, Table table, Json params = Json::object()) {
    auto out = persona::kernel::invoke(models_and_metrics(), op, persona::testing::table_input("train", table), params);
    return out.at("model");
}

// Popularity over items 1..5 with counts 5, 4, 3, 2, 1: the ranking is 1 > 2 > 3 > 4 > 5.
persona::ArtifactPtr five_item_popularity() {
    std::vector<int64_t> users, items;
    for (int64_t item = 1; item <= 5; ++item)
        for (int64_t c = 0; c < 6 - item; ++c) {
            users.push_back(1000 + c);
            items.push_back(item);
        }
    return train("model.popularity", pairs(users, items));
}

// The inputs, params and options of one metric.ranking call.
struct Evaluation {
    using Models = std::vector<std::pair<std::string, persona::ArtifactPtr>>;
    Evaluation(Models m, Table t, std::optional<Table> s = std::nullopt)
        : models(std::move(m)), truth(std::move(t)), seen(std::move(s)) {}
    Models models;
    Table truth;
    std::optional<Table> seen;
    std::vector<std::pair<std::string, Table>> seen_list;  // several seen tables (label, table), after `seen`
    Json params = Json::object();
    persona::kernel::InvokeOptions options{};
};

persona::Metrics evaluate(const Evaluation& e) {
    persona::Inputs in;
    for (const auto& [label, model] : e.models) in.ports["models"].push_back(persona::Input{label, model});
    in.ports["truth"].push_back(persona::Input{"split", persona::make_artifact(e.truth)});
    if (e.seen) in.ports["seen"].push_back(persona::Input{"split", persona::make_artifact(*e.seen)});
    for (const auto& [label, table] : e.seen_list)
        in.ports["seen"].push_back(persona::Input{label, persona::make_artifact(table)});
    auto out = persona::kernel::invoke(models_and_metrics(), "metric.ranking", in, e.params, e.options);
    return out.at("metrics")->metrics();
}

double value(const persona::Metrics::Row& row, const std::string& name) {
    for (const auto& [key, v] : row.values)
        if (key == name) return std::get<double>(v);
    FAIL("metric " << name << " missing from row " << row.label);
    return 0;
}

// Four users over the five-item ranking (no seen history):
//   user 100 truth {3}    -> rank 3
//   user 200 truth {1, 5} -> ranks 1 and 5
//   user 300 truth {4}    -> rank 4
//   user 400 truth {99}   -> 99 is unknown to the model: a miss
Table four_user_truth() { return pairs({100, 200, 200, 300, 400}, {3, 1, 5, 4, 99}); }

}  // namespace

TEST_CASE("ranking metrics match a hand-computed example", "[ranking]") {
    Evaluation e{{{"pop", five_item_popularity()}}, four_user_truth()};
    e.params = Json{{"k", {1, 3}}};
    auto metrics = evaluate(e);
    REQUIRE(metrics.rows.size() == 1);
    const auto& row = metrics.rows[0];
    CHECK(row.label == "pop");
    // HR@1: only user 200 (rank 1) -> 1/4.  HR@3: users 100 (3) and 200 (1) -> 2/4.
    CHECK(value(row, "HR@1") == Approx(0.25));
    CHECK(value(row, "HR@3") == Approx(0.5));
    // Recall@1: user 200 has 1 of 2 -> (0.5) / 4.  Recall@3: user 100 1/1, user 200 1/2 -> 1.5 / 4.
    CHECK(value(row, "Recall@1") == Approx(0.125));
    CHECK(value(row, "Recall@3") == Approx(0.375));
    // NDCG@1: user 200 DCG 1/log2(2) = 1, IDCG over min(1, 2) = 1 hit = 1 -> 1; sum 1 / 4.
    CHECK(value(row, "NDCG@1") == Approx(0.25));
    // NDCG@3: user 100 (1/log2(4)) / 1 = 0.5; user 200 (1/log2(2)) / (1 + 1/log2(3)) = 1 / 1.63093 = 0.61315;
    // (0.5 + 0.61315) / 4 = 0.27829.
    CHECK(value(row, "NDCG@3") == Approx((0.5 + 1 / (1 + 1 / std::log2(3.0))) / 4));
    CHECK(value(row, "NDCG@3") == Approx(0.27829).epsilon(1e-4));
    // MRR (not truncated): (1/3 + 1/1 + 1/4 + 0) / 4 = 0.39583.
    CHECK(value(row, "MRR") == Approx((1.0 / 3 + 1 + 0.25) / 4));
    CHECK(value(row, "users") == 4);
    CHECK(row.values.size() == 3 * 2 + 2);
}

TEST_CASE("seen items are masked before ranking, truth items keep their score", "[ranking]") {
    Evaluation e{{{"pop", five_item_popularity()}}, four_user_truth()};
    e.params = Json{{"k", {1, 3}}};
    // user 100 saw 1, 2 -> item 3 moves to rank 1.
    // user 200 saw 1, 2 -> 1 is a truth item and stays (rank 1); 2 is masked, item 5 moves from 5 to 4.
    // user 300 saw 1    -> item 4 moves to rank 3.  user 400 saw 99 (unknown to the model: nothing masked).
    e.seen = pairs({100, 100, 200, 200, 300, 400}, {1, 2, 1, 2, 1, 99});
    const auto row = evaluate(e).rows.at(0);
    CHECK(value(row, "HR@1") == Approx(0.5));         // users 100, 200
    CHECK(value(row, "HR@3") == Approx(0.75));        // users 100, 200, 300
    CHECK(value(row, "Recall@1") == Approx(0.375));   // (1 + 0.5) / 4
    CHECK(value(row, "Recall@3") == Approx(0.625));   // (1 + 0.5 + 1) / 4
    CHECK(value(row, "NDCG@1") == Approx(0.5));       // (1 + 1) / 4
    CHECK(value(row, "NDCG@3") == Approx((1 + 1 / (1 + 1 / std::log2(3.0)) + 0.5) / 4));  // 0.52829
    CHECK(value(row, "MRR") == Approx((1 + 1 + 1.0 / 3) / 4));                             // 0.58333
    CHECK(value(row, "users") == 4);
}

TEST_CASE("truth items unknown to the model count as misses", "[ranking]") {
    // User 1 truth {3, 77}: 3 has rank 3, 77 is unknown. |truth| = 2 still.
    Evaluation e{{{"pop", five_item_popularity()}}, pairs({1, 1}, {3, 77})};
    e.params = Json{{"k", {3}}};
    const auto row = evaluate(e).rows.at(0);
    CHECK(value(row, "HR@3") == Approx(1.0));
    CHECK(value(row, "Recall@3") == Approx(0.5));
    CHECK(value(row, "NDCG@3") == Approx(0.5 / (1 + 1 / std::log2(3.0))));  // (1/log2 4) / IDCG(2) = 0.30657
    CHECK(value(row, "MRR") == Approx(1.0 / 3));
    // Only unknown items: everything is zero, the user is still counted.
    e.truth = pairs({1}, {77});
    const auto none = evaluate(e).rows.at(0);
    CHECK(value(none, "HR@3") == 0.0);
    CHECK(value(none, "MRR") == 0.0);
    CHECK(value(none, "users") == 1);
}

TEST_CASE("ties are counted pessimistically", "[ranking]") {
    // Counts: item 1 -> 2, item 2 -> 2, item 3 -> 1. Truth 2 ties with 1: rank = #scores >= 2 = 2.
    auto pop = train("model.popularity", pairs({1, 2, 3, 4, 5}, {1, 1, 2, 2, 3}));
    Evaluation e{{{"pop", pop}}, pairs({9}, {2})};
    e.params = Json{{"k", {1, 2}}};
    const auto row = evaluate(e).rows.at(0);
    CHECK(value(row, "HR@1") == 0.0);
    CHECK(value(row, "HR@2") == 1.0);
    CHECK(value(row, "MRR") == Approx(0.5));
    // A constant model gets no credit: all three items tie, every truth item has rank 3.
    auto flat = train("model.popularity", pairs({1, 2, 3}, {1, 2, 3}));
    Evaluation f{{{"flat", flat}}, pairs({9, 8}, {1, 3})};
    f.params = Json{{"k", {1, 3}}};
    const auto flat_row = evaluate(f).rows.at(0);
    CHECK(value(flat_row, "HR@1") == 0.0);
    CHECK(value(flat_row, "HR@3") == 1.0);
    CHECK(value(flat_row, "MRR") == Approx(1.0 / 3));
}

TEST_CASE("many truth items per user are ranked exactly", "[ranking]") {
    // 25 items with counts 25..1 (item i has count 26 - i, rank i). Truth: items 6..25 (20 items, ranks 6..25).
    std::vector<int64_t> users, items;
    for (int64_t item = 1; item <= 25; ++item)
        for (int64_t c = 0; c < 26 - item; ++c) {
            users.push_back(c);
            items.push_back(item);
        }
    std::vector<int64_t> truth_items;
    for (int64_t item = 6; item <= 25; ++item) truth_items.push_back(item);
    Evaluation e{{{"pop", train("model.popularity", pairs(users, items))}},
                 pairs(std::vector<int64_t>(20, 1), truth_items)};
    e.params = Json{{"k", {10, 30}}};
    const auto row = evaluate(e).rows.at(0);
    double dcg10 = 0, idcg10 = 0, dcg30 = 0, idcg20 = 0;
    for (int r = 6; r <= 10; ++r) dcg10 += 1 / std::log2(r + 1.0);
    for (int r = 6; r <= 25; ++r) dcg30 += 1 / std::log2(r + 1.0);
    for (int i = 1; i <= 10; ++i) idcg10 += 1 / std::log2(i + 1.0);
    for (int i = 1; i <= 20; ++i) idcg20 += 1 / std::log2(i + 1.0);  // IDCG@30 uses min(30, 20) = 20 hits
    CHECK(value(row, "Recall@10") == Approx(5.0 / 20));
    CHECK(value(row, "Recall@30") == Approx(1.0));
    CHECK(value(row, "NDCG@10") == Approx(dcg10 / idcg10));
    CHECK(value(row, "NDCG@30") == Approx(dcg30 / idcg20));
    CHECK(value(row, "MRR") == Approx(1.0 / 6));
}

TEST_CASE("seen histories reach the model in time order", "[ranking]") {
    // Item-kNN on A=10 B=20 C=30 D=40 (users {A,B} {A,B,C} {B,C} {C,D}) with recency_decay 1: only the most
    // recent history item counts. sim(D, C) = 0.577, sim(D, B) = 0; sim(A, B) = 0.816, sim(A, C) = 0.408.
    auto knn = train("model.itemknn", pairs({1, 1, 2, 2, 2, 3, 3, 4, 4}, {10, 20, 10, 20, 30, 20, 30, 30, 40}),
                     Json{{"recency_decay", 1.0}});
    // User 7 saw A at ts 1 and D at ts 5, stored in reverse row order. A and D are masked; truth is C.
    Evaluation e{{{"knn", knn}}, pairs({7}, {30}), pairs_at({7, 7}, {40, 10}, {5, 1})};
    e.params = Json{{"k", {1}}};
    CHECK(value(evaluate(e).rows.at(0), "HR@1") == 1.0);  // D is most recent: C (0.577) beats B (0)
    // Without a time column, row order rules: A is most recent, B (0.816) beats C (0.408).
    e.seen = pairs({7, 7}, {40, 10});
    CHECK(value(evaluate(e).rows.at(0), "HR@1") == 0.0);
    CHECK(value(evaluate(e).rows.at(0), "MRR") == Approx(0.5));
}

TEST_CASE("several seen tables: train + valid are all masked", "[ranking][seen]") {
    // Ranking 1 > 2 > 3 > 4 > 5. User 100's truth is 3; train holds 1, valid holds 2.
    Evaluation e{{{"pop", five_item_popularity()}}, pairs({100}, {3})};
    e.params = Json{{"k", {1, 2}}};
    e.seen_list = {{"train", pairs_at({100}, {1}, {1})}};
    CHECK(value(evaluate(e).rows.at(0), "MRR") == Approx(0.5));  // only 1 masked: 3 has rank 2
    e.seen_list.push_back({"valid", pairs_at({100}, {2}, {2})});
    const auto both = evaluate(e).rows.at(0);
    CHECK(value(both, "HR@1") == 1.0);  // 1 and 2 masked: 3 has rank 1
    CHECK(value(both, "MRR") == 1.0);
    // A user who only appears in the second table is masked too (user 200: truth 4, valid holds 1, 2, 3).
    e.truth = pairs({100, 200}, {3, 4});
    e.seen_list[1].second = pairs_at({100, 200, 200, 200}, {2, 1, 2, 3}, {2, 1, 2, 3});
    CHECK(value(evaluate(e).rows.at(0), "HR@1") == 1.0);
}

TEST_CASE("several seen tables are concatenated per user in time order", "[ranking][seen]") {
    // Item-kNN as in "seen histories reach the model in time order": with recency_decay 1 only the most recent
    // history item counts. D most recent -> C (0.577) beats B (0): HR@1 = 1; A most recent -> B wins: HR@1 = 0.
    auto knn = train("model.itemknn", pairs({1, 1, 2, 2, 2, 3, 3, 4, 4}, {10, 20, 10, 20, 30, 20, 30, 30, 40}),
                     Json{{"recency_decay", 1.0}});
    Evaluation e{{{"knn", knn}}, pairs({7}, {30})};
    e.params = Json{{"k", {1}}};
    const Table train_part = pairs_at({7}, {10}, {1});  // A at ts 1
    const Table valid_part = pairs_at({7}, {40}, {5});  // D at ts 5: the validation item, the most recent
    e.seen_list = {{"train", train_part}, {"valid", valid_part}};
    CHECK(value(evaluate(e).rows.at(0), "HR@1") == 1.0);
    // Time wins over input order: valid listed first, D is still the most recent.
    e.seen_list = {{"valid", valid_part}, {"train", train_part}};
    CHECK(value(evaluate(e).rows.at(0), "HR@1") == 1.0);
    // When one table has no time column, input order rules: [valid, train] makes A the most recent.
    e.seen_list = {{"valid", pairs({7}, {40})}, {"train", train_part}};
    CHECK(value(evaluate(e).rows.at(0), "HR@1") == 0.0);
    CHECK(value(evaluate(e).rows.at(0), "MRR") == Approx(0.5));
    e.seen_list = {{"train", train_part}, {"valid", pairs({7}, {40})}};
    CHECK(value(evaluate(e).rows.at(0), "HR@1") == 1.0);
}

TEST_CASE("null rows of every seen table are counted, and a bad table is named", "[ranking][seen]") {
    auto& registry = models_and_metrics();
    const persona::kernel::RegisteredOperator& op = registry.get("metric.ranking");
    persona::Inputs in;
    in.ports["models"].push_back(persona::Input{"pop", five_item_popularity()});
    in.ports["truth"].push_back(persona::Input{"split", persona::make_artifact(pairs({100}, {3}))});
    in.ports["seen"].push_back(
        persona::Input{"train", persona::make_artifact(pairs_at({100, persona::kNullInt}, {1, 2}, {1, 2}))});
    in.ports["seen"].push_back(
        persona::Input{"valid", persona::make_artifact(pairs_at({100, 100}, {persona::kNullInt, 2}, {3, 4}))});
    persona::kernel::StepContext ctx(registry, "eval", "cpu", 1, 1);
    ctx.set_log([](const std::string&, const std::string&, const std::string&) {});
    const persona::Params params(persona::kernel::resolve_params(op.spec, Json::object()));
    auto out = op.run(ctx, in, params);
    CHECK(ctx.notes().at("bad_rows") == 2);
    CHECK(value(out.at("metrics")->metrics().rows.at(0), "MRR") == 1.0);  // 1 and 2 still masked
    Table no_item;
    no_item.add_int64("user", {100});
    in.ports["seen"].push_back(persona::Input{"extra", persona::make_artifact(no_item)});
    CHECK_THROWS_WITH(op.run(ctx, in, params), Catch::Contains("seen #3 (extra)") && Catch::Contains("'item'"));
}

TEST_CASE("one row per model in input order, same numbers for any batch size and thread count", "[ranking]") {
    auto pop = five_item_popularity();
    auto knn = train("model.itemknn", pairs({1, 1, 2, 2, 3, 3, 4}, {1, 2, 2, 3, 3, 4, 5}));
    Evaluation e{{{"second", knn}, {"first", pop}}, four_user_truth(), pairs({100, 200, 300}, {2, 3, 5})};
    e.params = Json{{"batch", 1}};
    e.options.threads = 1;
    auto serial = evaluate(e);
    e.params = Json{{"batch", 3}};
    e.options.threads = 3;
    auto parallel = evaluate(e);
    REQUIRE(serial.rows.size() == 2);
    CHECK(serial.rows[0].label == "second");
    CHECK(serial.rows[1].label == "first");
    for (size_t r = 0; r < 2; ++r) CHECK(serial.rows[r].values == parallel.rows[r].values);
    CHECK(value(serial.rows[0], "HR@10") == 0.75);  // user 400's only truth item is unknown
}

TEST_CASE("metric.ranking rejects bad input with a clear message", "[ranking]") {
    Evaluation e{{{"pop", five_item_popularity()}}, pairs({1}, {1})};
    e.truth.drop("item");
    CHECK_THROWS_WITH(evaluate(e), Catch::Contains("truth") && Catch::Contains("'item'"));
    Evaluation no_models{{}, pairs({1}, {1})};
    CHECK_THROWS_WITH(evaluate(no_models), Catch::Contains("at least one model"));
    Evaluation bad_k{{{"pop", five_item_popularity()}}, pairs({1}, {1})};
    bad_k.params = Json{{"k", {0}}};
    CHECK_THROWS_WITH(evaluate(bad_k), Catch::Contains("'k'"));
    persona::Model unknown{"no-such-format", Json::object(), ""};
    Evaluation bad_model{{{"odd", persona::make_artifact(unknown)}}, pairs({1}, {1})};
    CHECK_THROWS_WITH(evaluate(bad_model), Catch::Contains("'odd'"));
}

TEST_CASE("item-kNN clearly beats popularity on a planted pattern", "[ranking]") {
    // Group A: items 0..9, 40 users. Group B: items 100..119, 150 users (B items are more popular).
    // Every user interacts with 5 distinct items of their own group only: 4 go to train, the 5th is truth.
    std::mt19937_64 rng(7);
    std::vector<int64_t> train_users, train_items, truth_users, truth_items;
    auto add_user = [&](int64_t user, int64_t first_item, int64_t group_size) {
        std::vector<int64_t> chosen;
        while (chosen.size() < 5) {
            int64_t item = first_item + static_cast<int64_t>(rng() % group_size);
            if (std::find(chosen.begin(), chosen.end(), item) == chosen.end()) chosen.push_back(item);
        }
        for (size_t k = 0; k < 4; ++k) {
            train_users.push_back(user);
            train_items.push_back(chosen[k]);
        }
        truth_users.push_back(user);
        truth_items.push_back(chosen[4]);
    };
    for (int64_t u = 0; u < 40; ++u) add_user(u, 0, 10);
    for (int64_t u = 40; u < 190; ++u) add_user(u, 100, 20);
    Table train_table = pairs(train_users, train_items);
    Evaluation e{{{"pop", train("model.popularity", train_table)}, {"knn", train("model.itemknn", train_table)}},
                 pairs(truth_users, truth_items), train_table};
    e.params = Json{{"k", {5}}};
    auto metrics = evaluate(e);
    const double pop = value(metrics.rows[0], "NDCG@5"), knn = value(metrics.rows[1], "NDCG@5");
    WARN("planted pattern NDCG@5: popularity " << pop << ", itemknn " << knn);
    // Popularity ranks the 16+ unseen B items above every A item, so A users never hit in its top 5;
    // item-kNN only scores the user's own group.
    CHECK(knn > pop + 0.1);
    CHECK(value(metrics.rows[1], "HR@5") > value(metrics.rows[0], "HR@5") + 0.15);
}

TEST_CASE("leave-one-out on Amazon Beauty: item-kNN beats popularity, evaluation is fast", "[ranking][data]") {
    std::ifstream in(std::string(PERSONA_DATA_DIR) + "/amazon-beauty/Beauty.txt");
    if (!in) {
        WARN("Amazon Beauty not found under PERSONA_DATA_DIR; skipping");
        SUCCEED();
        return;
    }
    std::vector<int64_t> train_users, train_items, train_ts, truth_users, truth_items;
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        int64_t user = 0, item = 0;
        fields >> user;
        std::vector<int64_t> seq;
        while (fields >> item) seq.push_back(item);
        for (size_t k = 0; k + 1 < seq.size(); ++k) {
            train_users.push_back(user);
            train_items.push_back(seq[k]);
            train_ts.push_back(static_cast<int64_t>(k));
        }
        truth_users.push_back(user);
        truth_items.push_back(seq.back());
    }
    Table train_table = pairs_at(train_users, train_items, train_ts);
    auto t0 = std::chrono::steady_clock::now();
    auto knn = train("model.itemknn", train_table);
    auto t1 = std::chrono::steady_clock::now();
    Evaluation e{{{"pop", train("model.popularity", train_table)}, {"knn", knn}},
                 pairs(truth_users, truth_items), train_table};
    auto t2 = std::chrono::steady_clock::now();
    auto metrics = evaluate(e);
    auto t3 = std::chrono::steady_clock::now();
    auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    WARN("Beauty: itemknn train " << secs(t0, t1) << " s, evaluation of 2 models " << secs(t2, t3) << " s; "
         << "HR@10 pop " << value(metrics.rows[0], "HR@10") << " knn " << value(metrics.rows[1], "HR@10")
         << "; NDCG@10 pop " << value(metrics.rows[0], "NDCG@10") << " knn " << value(metrics.rows[1], "NDCG@10"));
    CHECK(value(metrics.rows[1], "users") == 22363);
    CHECK(value(metrics.rows[1], "HR@10") > 2 * value(metrics.rows[0], "HR@10"));
}
