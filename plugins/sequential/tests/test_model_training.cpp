// Training behaviour of every architecture: the three losses, seeding, training without valid, event types.
#include <catch2/catch.hpp>

#include "sequence_model_runs.h"

using namespace persona;
using namespace persona::sequential::testing;

TEST_CASE("all three losses train every architecture", "[models][losses]") {
    const PlantedSplit split = planted_split(100, 5);
    const double popularity = popularity_hit_rate_at_10(split);
    for (const auto& [op, architecture] : kModels)
        for (const char* loss : {"bce", "sampled_softmax", "ce"}) {
            DYNAMIC_SECTION(op << " " << loss) {
                const Json p =
                    settings(architecture, {{"loss", loss}, {"negatives", 16}, {"epochs", 15}, {"patience", 0}});
                RunResult run = train(op, split, p);
                const auto& losses = run.outputs.at("curve")->table().column("loss").floats;
                const double hr = model_hit_rate(run.outputs, split);
                INFO(op << " " << loss << ": loss " << losses.front() << " -> " << losses.back() << ", HR@10 " << hr
                        << " (popularity " << popularity << ")");
                CHECK(losses.back() < 0.7 * losses.front());
                CHECK(hr > 0.6);
            }
        }
}

TEST_CASE("the same seed gives identical model bytes on the CPU, another seed different ones", "[models][seed]") {
    const PlantedSplit split = planted_split(30, 8);
    for (const auto& [op, architecture] : kModels) {
        DYNAMIC_SECTION(op) {
            const Json p = settings(architecture, {{"epochs", 2}, {"loss", "bce"}});
            const std::string a = train(op, split, p, 42).outputs.at("model")->model().bytes;
            const std::string b = train(op, split, p, 42).outputs.at("model")->model().bytes;
            const std::string c = train(op, split, p, 43).outputs.at("model")->model().bytes;
            CHECK(a == b);
            CHECK(a != c);
        }
    }
}

TEST_CASE("without a valid input every epoch runs and the curve tracks the training loss", "[models][novalid]") {
    const PlantedSplit split = planted_split(40, 10);
    RunResult run = train("model.caser", split, settings(Json::object(), {{"epochs", 4}, {"patience", 1}}), 1, false);
    const Table& curve = run.outputs.at("curve")->table();
    CHECK(curve.rows() == 4);
    REQUIRE(curve.has("neg_train_loss"));
    CHECK(curve.column("neg_train_loss").floats[3] == Approx(-curve.column("loss").floats[3]));
    CHECK(run.notes.at("training").at("stopped_early") == false);
    CHECK_FALSE(run.notes.contains("valid_targets"));
}

TEST_CASE("event types are embedded; the recommender scores with the most frequent type", "[models][types]") {
    const PlantedSplit split = planted_split(120, 9, /*with_types=*/true);
    RunResult run = train("model.gru4rec", split, settings(Json::object(), {{"type", "event"}}));
    const Model& model = run.outputs.at("model")->model();
    CHECK(model.metadata.at("type_names") == Json{"buy", "view"});
    CHECK(model.metadata.at("default_type") == 1);
    CHECK(model.metadata.at("shape").at("types") == 3);
    CHECK(model_hit_rate(run.outputs, split) > 0.8);
}
