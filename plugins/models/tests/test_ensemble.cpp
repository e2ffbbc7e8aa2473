// Tests of model.ensemble: z-scored and raw sums over the union of items, weights, nesting, bytes and errors.
#include <catch2/catch.hpp>

#include <cmath>

#include "persona/persona.h"
#include "plugin_test.h"

using Catch::Matchers::Contains;
using persona::Json;
using persona::Model;
using persona::Table;
using persona::testing::registry_with;
using persona::testing::table_input;

namespace {

// A popularity model trained on one interaction per listed item (user 1, time 0).
Model popularity_of(std::vector<int64_t> items) {
    Table t;
    t.add_int64("user", std::vector<int64_t>(items.size(), 1));
    t.add_int64("item", items);
    t.add_int64("ts", std::vector<int64_t>(items.size(), 0));
    auto out = persona::kernel::invoke(registry_with("persona_models"), "model.popularity",
                                       table_input("train", std::move(t)), Json::object());
    return out.at("model")->model();
}

Model ensemble_of(const std::vector<Model>& members, Json params = Json::object()) {
    persona::Inputs in;
    for (size_t i = 0; i < members.size(); ++i)
        in.ports["models"].push_back(persona::Input{"m" + std::to_string(i + 1), persona::make_artifact(members[i])});
    auto out = persona::kernel::invoke(registry_with("persona_models"), "model.ensemble", in, params);
    return out.at("model")->model();
}

// The model's item ids and its scores for one user with an empty history.
std::pair<std::vector<int64_t>, std::vector<float>> scores_of(const Model& model) {
    auto rec = registry_with("persona_models").load_recommender(model);
    std::vector<float> scores(rec->item_ids().size());
    rec->score({persona::UserHistory{}}, scores.data());
    return {rec->item_ids(), scores};
}

// A: items 1, 2, 3 with counts 2, 1, 3 (mean 2, sd sqrt(2/3)); B: items 2, 3, 4 with counts 1, 1, 4 (mean 2, sd sqrt(2)).
Model model_a() { return popularity_of({1, 1, 2, 3, 3, 3}); }
Model model_b() { return popularity_of({2, 3, 4, 4, 4, 4}); }

}  // namespace

TEST_CASE("ensemble sums z-scored member scores over the union of items", "[ensemble]") {
    Model model = ensemble_of({model_a(), model_b()});
    CHECK(model.format == "ensemble");
    CHECK(model.metadata.at("members").size() == 2);
    CHECK(model.metadata.at("members")[1].at("step") == "m2");
    auto [ids, scores] = scores_of(model);
    REQUIRE(ids == std::vector<int64_t>{1, 2, 3, 4});
    const double sd_a = std::sqrt(2.0 / 3.0), sd_b = std::sqrt(2.0);
    // Item 1: A's z 0, unknown to B (adds 0). Item 4: unknown to A, B's z 2 / sd_b.
    CHECK(scores[0] == Approx(0.0).margin(1e-6));
    CHECK(scores[1] == Approx(-1 / sd_a - 1 / sd_b));
    CHECK(scores[2] == Approx(1 / sd_a - 1 / sd_b));
    CHECK(scores[3] == Approx(2 / sd_b));
}

TEST_CASE("ensemble raw scale sums weighted scores and adds a member's mean where it has no score", "[ensemble]") {
    Model model = ensemble_of({model_a(), model_b()}, Json{{"scale", "raw"}, {"weights", {1.0, 0.5}}});
    auto [ids, scores] = scores_of(model);
    REQUIRE(ids == std::vector<int64_t>{1, 2, 3, 4});
    CHECK(scores == std::vector<float>{2 + 0.5f * 2, 1 + 0.5f * 1, 3 + 0.5f * 1, 2 + 0.5f * 4});
}

TEST_CASE("ensemble with a zero weight ranks like its other member", "[ensemble]") {
    auto [ids, scores] = scores_of(ensemble_of({model_a(), model_b()}, Json{{"weights", {0.0, 2.0}}}));
    // B alone: item 4 first, items 2 and 3 tied, item 1 (unknown to B) at B's mean: between them.
    CHECK(scores[3] > scores[0]);
    CHECK(scores[0] > scores[1]);
    CHECK(scores[1] == scores[2]);
}

TEST_CASE("ensemble members may be ensembles, and the bytes round trip", "[ensemble]") {
    Model inner = ensemble_of({model_a(), model_b()});
    Model outer = ensemble_of({inner, model_a()}, Json{{"weights", {1.0, 1.0}}});
    auto [ids, scores] = scores_of(outer);
    CHECK(ids == std::vector<int64_t>{1, 2, 3, 4});
    CHECK(scores[2] > scores[1]);

    // Through the artifact's stored form (as the SQLite store keeps it) and back.
    const std::string stored = persona::make_artifact(outer)->serialize();
    Model reread = persona::Artifact::deserialize(stored).model();
    CHECK(reread.metadata == outer.metadata);
    CHECK(scores_of(reread).second == scores);
}

TEST_CASE("ensemble refuses one model, bad weights, an unknown scale and corrupt bytes", "[ensemble]") {
    CHECK_THROWS_WITH(ensemble_of({model_a()}), Contains("needs at least 2 models, got 1"));
    CHECK_THROWS_WITH(ensemble_of({model_a(), model_b()}, Json{{"weights", {1.0}}}),
                      Contains("'weights' has 1 values but 2 models"));
    CHECK_THROWS_WITH(ensemble_of({model_a(), model_b()}, Json{{"weights", {0.0, 0.0}}}),
                      Contains("positive sum"));
    CHECK_THROWS_WITH(ensemble_of({model_a(), model_b()}, Json{{"weights", {-1.0, 1.0}}}), Contains("weights"));
    CHECK_THROWS_WITH(ensemble_of({model_a(), model_b()}, Json{{"scale", "log"}}), Contains("scale"));
    Model broken = ensemble_of({model_a(), model_b()});
    broken.bytes.resize(broken.bytes.size() / 2);
    CHECK_THROWS_WITH(registry_with("persona_models").load_recommender(broken), Contains("truncated"));
}

TEST_CASE("ensemble names the member it cannot open", "[ensemble]") {
    Model unknown;
    unknown.format = "no-such-format";
    persona::Inputs in;
    in.ports["models"].push_back(persona::Input{"good", persona::make_artifact(model_a())});
    in.ports["models"].push_back(persona::Input{"odd", persona::make_artifact(unknown)});
    CHECK_THROWS_WITH(persona::kernel::invoke(registry_with("persona_models"), "model.ensemble", in, Json::object()),
                      Contains("cannot open model 'odd'"));
}
