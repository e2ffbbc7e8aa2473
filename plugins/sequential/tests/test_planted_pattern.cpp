// Every architecture must learn a planted next-item rule that popularity cannot see.
#include <catch2/catch.hpp>

#include "sequence_model_runs.h"

using namespace persona;
using namespace persona::sequential::testing;

TEST_CASE("every architecture learns a planted next-item rule far above popularity", "[models][planted]") {
    const PlantedSplit split = planted_split(200);
    const double popularity = popularity_hit_rate_at_10(split);
    INFO("popularity HR@10 " << popularity);
    CHECK(popularity < 0.3);
    for (const auto& [op, architecture] : kModels) {
        DYNAMIC_SECTION(op) {
            RunResult run = train(op, split, settings(architecture));
            const double hr = model_hit_rate(run.outputs, split);
            INFO(op << " HR@10 " << hr << " popularity " << popularity);
            CHECK(hr > 0.9);
            const Json& training = run.notes.at("training");
            CHECK(training.at("metric") == "valid_ndcg@10");
            CHECK(training.at("best_metric").get<double>() > 0.8);
            // One example per user, or with prefix examples (BSARec) one per train item after the first.
            const int64_t prefixes = split.train.table().rows() - 200;
            CHECK(run.notes.at("train_examples") == (op == "model.bsarec" ? prefixes : 200));
            CHECK(run.notes.at("valid_targets") == 200);
            CHECK(run.notes.at("items") == distinct_items(split.train));
        }
    }
}

TEST_CASE("bsarec with embedded padding learns the planted rule, with one empty-history example per user",
          "[models][planted][bsarec]") {
    const PlantedSplit split = planted_split(200);
    RunResult run = train("model.bsarec", split, settings(Json{{"layers", 1}, {"padding", "embedded"}}));
    const double hr = model_hit_rate(run.outputs, split);
    INFO("HR@10 " << hr);
    CHECK(hr > 0.9);
    CHECK(run.notes.at("train_examples") == split.train.table().rows());  // every train item is a target
}
