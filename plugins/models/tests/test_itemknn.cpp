// Tests of model.itemknn: cosines on a tiny matrix, shrink, count weighting, truncation, recency decay,
// the bytes round trip, and a timing check on Amazon Beauty when the data is present.
#include <catch2/catch.hpp>

#include <chrono>
#include <ctime>
#include <cmath>
#include <fstream>
#include <sstream>

#include "persona/persona.h"
#include "plugin_test.h"

using persona::Json;
using persona::Table;
using persona::testing::registry_with;
using persona::testing::table_input;

namespace {

// Items A=10, B=20, C=30, D=40. Users: 1 {A,B}, 2 {A,B,C}, 3 {B,C}, 4 {C,D}.
// Item user sets: A {1,2}, B {1,2,3}, C {2,3,4}, D {4}. Binary cosines:
//   AB = 2/sqrt(2*3) = 0.81650   AC = 1/sqrt(2*3) = 0.40825   AD = 0
//   BC = 2/sqrt(3*3) = 0.66667   BD = 0                       CD = 1/sqrt(3*1) = 0.57735
constexpr int64_t A = 10, B = 20, C = 30, D = 40;

Table tiny_matrix() {
    Table t;
    t.add_int64("user", {1, 1, 2, 2, 2, 3, 3, 4, 4});
    t.add_int64("item", {A, B, A, B, C, B, C, C, D});
    return t;
}

persona::Model train_knn(Table table, Json params = Json::object()) {
    auto out = persona::kernel::invoke(registry_with("persona_models"), "model.itemknn",
                                       table_input("train", std::move(table)), params);
    return out.at("model")->model();
}

// Scores for one user with this history (oldest first), as item id -> score.
std::map<int64_t, float> scores_for(const persona::Model& model, std::vector<int64_t> history) {
    auto rec = registry_with("persona_models").load_recommender(model);
    std::vector<float> scores(rec->item_ids().size());
    rec->score({persona::UserHistory{7, history.data(), static_cast<int64_t>(history.size())}}, scores.data());
    std::map<int64_t, float> by_item;
    for (size_t i = 0; i < scores.size(); ++i) by_item[rec->item_ids()[i]] = scores[i];
    return by_item;
}

}  // namespace

TEST_CASE("itemknn similarities equal hand-computed cosines", "[itemknn]") {
    auto model = train_knn(tiny_matrix());
    CHECK(model.format == "itemknn");
    // A history of one item scores each candidate by its similarity to that item; the item itself gets 0.
    auto a = scores_for(model, {A});
    CHECK(a[A] == 0.0f);
    CHECK(a[B] == Approx(2 / std::sqrt(6.0)));
    CHECK(a[C] == Approx(1 / std::sqrt(6.0)));
    CHECK(a[D] == 0.0f);
    auto c = scores_for(model, {C});
    CHECK(c[A] == Approx(1 / std::sqrt(6.0)));
    CHECK(c[B] == Approx(2.0 / 3.0));
    CHECK(c[D] == Approx(1 / std::sqrt(3.0)));
    auto d = scores_for(model, {D});
    CHECK(d[C] == Approx(1 / std::sqrt(3.0)));
    CHECK(d[A] == 0.0f);
    CHECK(d[B] == 0.0f);
}

TEST_CASE("itemknn sums similarities over the history and ignores unknown items", "[itemknn]") {
    auto model = train_knn(tiny_matrix());
    auto s = scores_for(model, {A, 999, D});
    CHECK(s[C] == Approx(1 / std::sqrt(6.0) + 1 / std::sqrt(3.0)));  // AC + DC
    CHECK(s[B] == Approx(2 / std::sqrt(6.0)));                        // AB + DB(0)
    CHECK(s[A] == Approx(0.0).margin(1e-7));                          // AA excluded, DA = 0
}

TEST_CASE("itemknn shrink damps similarities", "[itemknn]") {
    auto model = train_knn(tiny_matrix(), Json{{"shrink", 1.0}});
    auto a = scores_for(model, {A});
    CHECK(a[B] == Approx(2 / (std::sqrt(6.0) + 1)));  // 0.57980
    CHECK(a[C] == Approx(1 / (std::sqrt(6.0) + 1)));
}

TEST_CASE("itemknn count weighting uses repeated interactions", "[itemknn]") {
    Table t = tiny_matrix();
    Table repeated;
    repeated.add_int64("user", {1, 1, 1, 2, 2, 2, 3, 3, 4, 4});
    repeated.add_int64("item", {A, A, B, A, B, C, B, C, C, D});
    // Count: A = (u1:2, u2:1) -> |A| = sqrt(5); B = (1,1,1); dot(A,B) = 2 + 1 = 3 -> 3 / sqrt(15) = 0.77460.
    auto counted = scores_for(train_knn(repeated, Json{{"weighting", "count"}}), {A});
    CHECK(counted[B] == Approx(3 / std::sqrt(15.0)));
    // Binary ignores the repeat: same as the tiny matrix.
    auto binary = scores_for(train_knn(repeated), {A});
    CHECK(binary[B] == Approx(2 / std::sqrt(6.0)));
}

TEST_CASE("itemknn keeps only the top neighbors", "[itemknn]") {
    // Neighbors of C, most similar first: B (0.667), D (0.577), A (0.408).
    auto one = scores_for(train_knn(tiny_matrix(), Json{{"neighbors", 1}}), {C});
    CHECK(one[B] == Approx(2.0 / 3.0));
    CHECK(one[D] == 0.0f);
    CHECK(one[A] == 0.0f);
    auto two = train_knn(tiny_matrix(), Json{{"neighbors", 2}});
    auto s = scores_for(two, {C});
    CHECK(s[B] == Approx(2.0 / 3.0));
    CHECK(s[D] == Approx(1 / std::sqrt(3.0)));
    CHECK(s[A] == 0.0f);
    // A's list (B, C) is untouched by truncation to 2; D has a single neighbor.
    CHECK(two.metadata.at("stored_neighbors") == 2 + 2 + 2 + 1);
    CHECK_THROWS_WITH(train_knn(tiny_matrix(), Json{{"neighbors", 0}}), Catch::Contains("neighbors"));
}

TEST_CASE("itemknn recency decay weights recent history more", "[itemknn]") {
    auto model = train_knn(tiny_matrix(), Json{{"recency_decay", 0.5}});
    // History A then D (D most recent): weights D 1, A 0.5.
    auto s = scores_for(model, {A, D});
    CHECK(s[C] == Approx(1 / std::sqrt(3.0) + 0.5 / std::sqrt(6.0)));  // DC + 0.5 AC = 0.78147
    CHECK(s[B] == Approx(0.5 * 2 / std::sqrt(6.0)));                   // 0.5 AB
    // Reversed order: A most recent.
    auto r = scores_for(model, {D, A});
    CHECK(r[C] == Approx(1 / std::sqrt(6.0) + 0.5 / std::sqrt(3.0)));
    CHECK(r[B] == Approx(2 / std::sqrt(6.0)));
    // Decay 1 keeps only the most recent item.
    auto last = scores_for(train_knn(tiny_matrix(), Json{{"recency_decay", 1.0}}), {A, D});
    CHECK(last[B] == 0.0f);
    CHECK(last[C] == Approx(1 / std::sqrt(3.0)));
}

TEST_CASE("itemknn model survives the artifact bytes round trip", "[itemknn]") {
    auto artifact = persona::make_artifact(train_knn(tiny_matrix(), Json{{"recency_decay", 0.3}}));
    auto copy = persona::Artifact::deserialize(artifact->serialize());
    CHECK(copy.content_hash() == artifact->content_hash());
    CHECK(scores_for(copy.model(), {A, C}) == scores_for(artifact->model(), {A, C}));
    persona::Model broken = copy.model();
    broken.bytes.resize(broken.bytes.size() - 5);
    CHECK_THROWS_AS(scores_for(broken, {A}), persona::Error);
}

TEST_CASE("itemknn is deterministic across thread counts", "[itemknn]") {
    Table t;
    std::vector<int64_t> users, items;
    for (int64_t u = 0; u < 300; ++u)
        for (int64_t k = 0; k < 6; ++k) {
            users.push_back(u);
            items.push_back((u * 7 + k * k * 13) % 500);
        }
    t.add_int64("user", users);
    t.add_int64("item", items);
    auto& reg = registry_with("persona_models");
    persona::kernel::InvokeOptions one, four;
    one.threads = 1;
    four.threads = 4;
    auto a = persona::kernel::invoke(reg, "model.itemknn", table_input("train", t), Json{{"neighbors", 5}}, one);
    auto b = persona::kernel::invoke(reg, "model.itemknn", table_input("train", t), Json{{"neighbors", 5}}, four);
    CHECK(a.at("model")->content_hash() == b.at("model")->content_hash());
}

TEST_CASE("itemknn rejects bad input with a clear message", "[itemknn]") {
    Table t;
    t.add_int64("user", {1});
    CHECK_THROWS_WITH(train_knn(t), Catch::Contains("item column 'item'"));
    CHECK_THROWS_WITH(train_knn(tiny_matrix(), Json{{"weighting", "tfidf"}}), Catch::Contains("binary"));
    Table nulls;
    nulls.add_int64("user", {persona::kNullInt});
    nulls.add_int64("item", {3});
    CHECK_THROWS_WITH(train_knn(nulls), Catch::Contains("no rows"));
}

TEST_CASE("itemknn trains on Amazon Beauty in about a second", "[itemknn][data]") {
    std::ifstream in(std::string(PERSONA_DATA_DIR) + "/amazon-beauty/Beauty.txt");
    if (!in) {
        WARN("Amazon Beauty not found under PERSONA_DATA_DIR; skipping");
        SUCCEED();
        return;
    }
    std::vector<int64_t> users, items;
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        int64_t user = 0, item = 0;
        fields >> user;
        while (fields >> item) {
            users.push_back(user);
            items.push_back(item);
        }
    }
    Table t;
    t.add_int64("user", users);
    t.add_int64("item", items);
    train_knn(t);  // warm-up: page in the plugin and the allocator
    auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    auto model = train_knn(t);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    WARN("itemknn on Beauty (" << users.size() << " rows): " << seconds << " s wall, " << cpu_seconds
                               << " s cpu (all threads)");
    CHECK(model.metadata.at("items") == 12101);
    CHECK(model.metadata.at("users") == 22363);
}
