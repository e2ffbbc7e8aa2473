// Tests of model.bpr_mf and model.lightgcn through the plugin: a planted two-group pattern beats
// popularity, outputs, the bytes round trip, fold-in, seeded determinism and clear errors.
#include <catch2/catch.hpp>
#include <torch/cuda.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <random>
#include <set>

#include "persona/kernel/params.h"
#include "persona/kernel/step_context.h"
#include "persona/persona.h"
#include "plugin_test.h"

using persona::Json;
using persona::Table;
using persona::testing::registry_with;

namespace {

// Two user groups of 60; group g likes items 100 + 15 g .. 100 + 15 g + 14. Each user has 7 distinct
// items of their group: 5 train, 1 valid, 1 test.
struct Planted {
    Table train, valid, test;
    std::map<int64_t, std::vector<int64_t>> history;  // train + valid items per user
    std::map<int64_t, int64_t> target;                // the test item per user
};

Planted planted_data() {
    Planted data;
    std::mt19937_64 random(11);
    std::vector<int64_t> tu, ti, vu, vi, su, si;
    for (int64_t u = 0; u < 120; ++u) {
        const int64_t user = 1000 + u, group = u % 2;
        std::vector<int64_t> items(15);
        for (int64_t k = 0; k < 15; ++k) items[k] = 100 + 15 * group + k;
        for (int64_t k = 14; k > 0; --k) std::swap(items[k], items[random() % uint64_t(k + 1)]);
        for (int64_t k = 0; k < 5; ++k) {
            tu.push_back(user);
            ti.push_back(items[k]);
        }
        vu.push_back(user);
        vi.push_back(items[5]);
        su.push_back(user);
        si.push_back(items[6]);
        data.history[user] = std::vector<int64_t>(items.begin(), items.begin() + 6);
        data.target[user] = items[6];
    }
    data.train.add_int64("user", tu);
    data.train.add_int64("item", ti);
    data.valid.add_int64("user", vu);
    data.valid.add_int64("item", vi);
    data.test.add_int64("user", su);
    data.test.add_int64("item", si);
    return data;
}

persona::Inputs inputs(const Table& train, const Table* valid = nullptr) {
    persona::Inputs in;
    in.ports["train"].push_back(persona::Input{"split", persona::make_artifact(train)});
    if (valid) in.ports["valid"].push_back(persona::Input{"split", persona::make_artifact(*valid)});
    return in;
}

// Small, fast settings for the planted data.
Json fast_params(Json extra = Json::object()) {
    Json p{{"dim", 16}, {"epochs", 30}, {"batch_size", 64}, {"lr", 0.02}, {"reg", 1e-4}, {"patience", 0}};
    p.update(extra);
    return p;
}

persona::Outputs train(const std::string& op, const Planted& data, Json params, uint64_t seed = 1, int threads = 2) {
    persona::kernel::InvokeOptions options;
    options.seed = seed;
    options.threads = threads;
    return persona::kernel::invoke(registry_with("persona_factorization"), op, inputs(data.train, &data.valid), params,
                                   options);
}

// Scores of every item for one user with this history.
std::vector<float> scores_for(const persona::Recommender& rec, int64_t user, const std::vector<int64_t>& history) {
    std::vector<float> scores(rec.item_ids().size());
    rec.score({persona::UserHistory{user, history.data(), static_cast<int64_t>(history.size())}}, scores.data());
    return scores;
}

// HR@10 of the test items, the history masked; ties counted against the target.
double hit_rate(const std::vector<int64_t>& item_ids, const Planted& data,
                const std::function<std::vector<float>(int64_t, const std::vector<int64_t>&)>& score) {
    int64_t hits = 0;
    for (const auto& [user, history] : data.history) {
        std::vector<float> s = score(user, history);
        std::set<int64_t> seen(history.begin(), history.end());
        const auto target_column = std::find(item_ids.begin(), item_ids.end(), data.target.at(user)) - item_ids.begin();
        int64_t above = 0;
        for (size_t c = 0; c < item_ids.size(); ++c) {
            const bool candidate = static_cast<int64_t>(c) != target_column && !seen.count(item_ids[c]);
            if (candidate && s[c] >= s[target_column]) ++above;
        }
        hits += above < 10;
    }
    return static_cast<double>(hits) / static_cast<double>(data.history.size());
}

double popularity_hit_rate(const std::vector<int64_t>& item_ids, const Planted& data) {
    std::map<int64_t, float> counts;
    for (int64_t i : data.train.column("item").ints) counts[i] += 1;
    std::vector<float> pop;
    for (int64_t i : item_ids) pop.push_back(counts[i]);
    return hit_rate(item_ids, data, [&](int64_t, const std::vector<int64_t>&) { return pop; });
}

double model_hit_rate(const persona::Model& model, const Planted& data) {
    auto rec = registry_with("persona_factorization").load_recommender(model);
    return hit_rate(rec->item_ids(), data, [&](int64_t user, const std::vector<int64_t>& history) {
        return scores_for(*rec, user, history);
    });
}

}  // namespace

TEST_CASE("both models learn the planted groups far better than popularity", "[factorization]") {
    const Planted data = planted_data();
    for (const std::string op : {"model.bpr_mf", "model.lightgcn"}) {
        auto out = train(op, data, fast_params());
        const persona::Model& model = out.at("model")->model();
        const double hr = model_hit_rate(model, data);
        const auto item_ids = registry_with("persona_factorization").load_recommender(model)->item_ids();
        const double pop = popularity_hit_rate(item_ids, data);
        INFO(op << ": HR@10 " << hr << ", popularity " << pop);
        CHECK(hr >= 0.9);
        CHECK(hr >= pop + 0.3);
        CHECK(model.metadata.at("training").at("metric") == "valid_ndcg@10");
        // Valid NDCG@10: a random order of the 9-10 unseen group items gives about 0.45, a random order of
        // all 24 unseen items about 0.19.
        CHECK(model.metadata.at("training").at("best_metric").get<double>() > 0.4);
    }
}

TEST_CASE("outputs: embeddings per user, top items unseen, a curve per epoch", "[factorization]") {
    const Planted data = planted_data();
    auto out = train("model.lightgcn", data, fast_params({{"epochs", 3}, {"top_k", 4}, {"layers", 2}}));
    const Table& embeddings = out.at("embeddings")->table();
    CHECK(embeddings.rows() == 120);
    CHECK(embeddings.column("embedding").width == 16);
    const Table& top = out.at("top")->table();
    CHECK(top.rows() == 120 * 4);
    for (int64_t r = 0; r < top.rows(); ++r) {
        const auto& history = data.history.at(top.column("user").ints[r]);
        REQUIRE(std::find(history.begin(), history.end(), top.column("item").ints[r]) == history.end());
    }
    const Table& curve = out.at("curve")->table();
    CHECK(curve.rows() == 3);
    CHECK(curve.has("valid_ndcg@10"));
    CHECK(out.at("model")->model().metadata.at("layers") == 2);
}

TEST_CASE("the model bytes round trip gives identical scores", "[factorization]") {
    const Planted data = planted_data();
    auto artifact = train("model.bpr_mf", data, fast_params({{"epochs", 2}})).at("model");
    auto copy = persona::Artifact::deserialize(artifact->serialize());
    CHECK(copy.content_hash() == artifact->content_hash());
    auto a = registry_with("persona_factorization").load_recommender(artifact->model());
    auto b = registry_with("persona_factorization").load_recommender(copy.model());
    const std::vector<int64_t> history{100, 101};
    CHECK(scores_for(*a, 1000, history) == scores_for(*b, 1000, history));
    persona::Model broken = copy.model();
    broken.bytes.resize(broken.bytes.size() - 3);
    CHECK_THROWS_AS(registry_with("persona_factorization").load_recommender(broken), persona::Error);
}

TEST_CASE("a user not seen in training is folded in from their history items", "[factorization]") {
    const Planted data = planted_data();
    auto out = train("model.bpr_mf", data, fast_params({{"epochs", 2}}));
    auto rec = registry_with("persona_factorization").load_recommender(out.at("model")->model());
    const Table& embeddings = out.at("embeddings")->table();
    // A known user is scored with their own embedding, whatever the history passed.
    CHECK(scores_for(*rec, 1000, {}) == scores_for(*rec, 1000, {100, 120}));
    // An unknown user with items a and b scores like the mean of their item vectors: the mean of the
    // score rows of two "users" holding exactly one of the items each. Unknown items are ignored.
    const auto both = scores_for(*rec, 5, {100, 999, 117});
    const auto a = scores_for(*rec, 6, {100});
    const auto b = scores_for(*rec, 7, {117});
    for (size_t c = 0; c < both.size(); ++c) REQUIRE(both[c] == Approx((a[c] + b[c]) / 2).margin(1e-5));
    // With no known item: the average user; scores are linear in the user vector, so that is the mean
    // of all training users' score rows.
    const auto nothing = scores_for(*rec, 8, {999});
    std::vector<double> mean(nothing.size(), 0.0);
    for (int64_t user : embeddings.column("user").ints) {
        const auto row = scores_for(*rec, user, {});
        for (size_t c = 0; c < row.size(); ++c) mean[c] += row[c] / static_cast<double>(embeddings.rows());
    }
    for (size_t c = 0; c < nothing.size(); ++c) REQUIRE(nothing[c] == Approx(mean[c]).margin(1e-5));
}

TEST_CASE("the same seed gives identical model bytes; another seed does not", "[factorization]") {
    const Planted data = planted_data();
    for (const std::string op : {"model.bpr_mf", "model.lightgcn"}) {
        const Json params = fast_params({{"epochs", 3}, {"negatives", 2}});
        auto a = train(op, data, params, 5);
        auto b = train(op, data, params, 5);
        auto c = train(op, data, params, 6);
        INFO(op);
        CHECK(a.at("model")->model().bytes == b.at("model")->model().bytes);
        CHECK(a.at("top")->content_hash() == b.at("top")->content_hash());
        CHECK(a.at("model")->model().bytes != c.at("model")->model().bytes);
    }
}

TEST_CASE("without a valid table training runs every epoch on the training loss", "[factorization]") {
    const Planted data = planted_data();
    persona::kernel::InvokeOptions options;
    options.threads = 2;
    auto out = persona::kernel::invoke(registry_with("persona_factorization"), "model.bpr_mf", inputs(data.train),
                                       fast_params({{"epochs", 4}, {"patience", 1}}), options);
    const Table& curve = out.at("curve")->table();
    CHECK(curve.rows() == 4);
    CHECK(curve.has("neg_train_loss"));
    // The loss falls while the model learns.
    CHECK(curve.column("loss").floats.back() < curve.column("loss").floats.front());
}

TEST_CASE("bad input, bad params and an unavailable device are refused clearly", "[factorization]") {
    const Planted data = planted_data();
    auto& registry = registry_with("persona_factorization");
    Table no_user;
    no_user.add_int64("customer", {1});
    no_user.add_int64("item", {1});
    CHECK_THROWS_WITH(persona::kernel::invoke(registry, "model.bpr_mf", inputs(no_user), Json::object()),
                      Catch::Contains("model.bpr_mf") && Catch::Contains("user column 'user'") &&
                          Catch::Contains("customer, item"));
    CHECK_THROWS_WITH(persona::kernel::invoke(registry, "model.lightgcn", inputs(data.train), Json{{"layers", -1}}),
                      Catch::Contains("layers"));
    CHECK_THROWS_WITH(persona::kernel::invoke(registry, "model.bpr_mf", inputs(data.train), Json{{"dim", 0}}),
                      Catch::Contains("dim"));
    CHECK_THROWS_WITH(persona::kernel::invoke(registry, "model.bpr_mf", inputs(data.train), Json{{"negatives", "two"}}),
                      Catch::Contains("negatives"));
    Table everything;
    everything.add_int64("user", {1, 1});
    everything.add_int64("item", {1, 2});
    CHECK_THROWS_WITH(persona::kernel::invoke(registry, "model.bpr_mf", inputs(everything), Json::object()),
                      Catch::Contains("no train pair has a negative"));
    persona::kernel::InvokeOptions cuda;
    cuda.device = "cuda";
    cuda.step_id = "mf";
    if (!torch::cuda::is_available())
        CHECK_THROWS_WITH(persona::kernel::invoke(registry, "model.bpr_mf", inputs(data.train), fast_params(), cuda),
                          Catch::Contains("step mf") && Catch::Contains("'cuda'"));
}

TEST_CASE("bad rows and unusable valid rows are counted in the step notes", "[factorization]") {
    Planted data = planted_data();
    Table train;
    auto users = data.train.column("user").ints;
    auto items = data.train.column("item").ints;
    users.insert(users.end(), {persona::kNullInt, 1000});
    items.insert(items.end(), {100, items.front()});  // a null user, a duplicate pair
    train.add_int64("user", users);
    train.add_int64("item", items);
    Table valid;
    valid.add_int64("user", {1000, 5555, 1001, persona::kNullInt});
    valid.add_int64("item", {101, 101, 4242, 101});
    auto& registry = registry_with("persona_factorization");
    const auto& op = registry.get("model.bpr_mf");
    persona::kernel::StepContext ctx(registry, "mf", "cpu", 1, 2);
    persona::Params params(persona::kernel::resolve_params(op.spec, fast_params({{"epochs", 1}})));
    auto out = op.run(ctx, inputs(train, &valid), params);
    const Json& notes = ctx.notes();
    CHECK(notes.at("rows") == 602);
    CHECK(notes.at("bad_rows") == 1);
    CHECK(notes.at("duplicate_pairs") == 1);
    CHECK(notes.at("valid_bad_rows") == 1);
    CHECK(notes.at("valid_unknown_users") == 1);
    CHECK(notes.at("valid_unknown_items") == 1);
    CHECK(notes.at("valid_targets") == 1);
    CHECK(notes.at("device") == "cpu");
    CHECK(out.at("model")->model().metadata.at("pairs") == 600);
}
