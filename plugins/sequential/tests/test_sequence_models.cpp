// Tests of the sequence-model operators end to end, for every architecture: outputs, the save/load round
// trip, the recommender, notes and clear errors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "sequence_model_runs.h"

using namespace persona;
using namespace persona::sequential::testing;

TEST_CASE("outputs: top unseen items, embeddings, curve and model metadata", "[models][outputs]") {
    const PlantedSplit split = planted_split(60, 3);
    const auto seen = histories(split.train, &split.valid);
    for (const auto& [op, architecture] : kModels) {
        DYNAMIC_SECTION(op) {
            RunResult run = train(op, split, settings(architecture, {{"epochs", 3}, {"top_k", 5}}));
            const Table& top = run.outputs.at("top")->table();
            REQUIRE(top.rows() == 60 * 5);
            for (int64_t r = 0; r < top.rows(); ++r) {
                const auto& h = seen.at(top.column("user").ints[r]);
                CHECK(std::find(h.begin(), h.end(), top.column("item").ints[r]) == h.end());
                CHECK(top.column("rank").ints[r] == r % 5 + 1);
                if (r % 5) CHECK(top.column("score").floats[r] <= top.column("score").floats[r - 1]);
            }
            const Table& embeddings = run.outputs.at("embeddings")->table();
            CHECK(embeddings.rows() == 60);
            CHECK(embeddings.column("embedding").width == 32);
            const Table& curve = run.outputs.at("curve")->table();
            CHECK(curve.rows() == 3);
            CHECK(curve.has("valid_ndcg@10"));
            const Model& model = run.outputs.at("model")->model();
            CHECK(model.format == op.substr(6));
            CHECK(model.metadata.at("items") == distinct_items(split.train));
            CHECK(model.metadata.at("shape").at("items") == distinct_items(split.train) + 1);
            CHECK(model.metadata.at("params").at("top_k") == 5);
            CHECK(model.metadata.at("training").at("epochs_run") == 3);
        }
    }
}

TEST_CASE("a saved and loaded model scores exactly like the trained one", "[models][roundtrip]") {
    const PlantedSplit split = planted_split(40, 4);
    const auto seen = histories(split.train, &split.valid);
    for (const auto& [op, architecture] : kModels) {
        DYNAMIC_SECTION(op) {
            Json p = settings(architecture, {{"epochs", 3}, {"top_k", 3}});
            // A Recommender sees item ids only, no timestamps: HSTU's time bias would make its scores differ.
            if (op == "model.hstu") p["time_bias"] = false;
            RunResult run = train(op, split, p);
            const Artifact copy = Artifact::deserialize(run.outputs.at("model")->serialize());
            auto rec = sequential_plugin().load_recommender(copy.model());
            const std::vector<int64_t>& ids = rec->item_ids();
            CHECK(static_cast<int64_t>(ids.size()) == distinct_items(split.train));
            CHECK(std::is_sorted(ids.begin(), ids.end()));
            const Table& top = run.outputs.at("top")->table();
            std::vector<float> scores(ids.size());
            for (int64_t r = 0; r < top.rows(); ++r) {
                const int64_t user = top.column("user").ints[r];
                const auto& h = seen.at(user);
                rec->score({UserHistory{user, h.data(), static_cast<int64_t>(h.size())}}, scores.data());
                const size_t c = std::lower_bound(ids.begin(), ids.end(), top.column("item").ints[r]) - ids.begin();
                CHECK(scores[c] == Approx(top.column("score").floats[r]).epsilon(1e-4));
            }
        }
    }
}

TEST_CASE("the recommender drops unknown items, keeps max_len, scores a batch like single users",
          "[models][recommender]") {
    const PlantedSplit split = planted_split(100, 6);
    RunResult run = train("model.gru4rec", split, settings(Json::object(), {{"epochs", 2}, {"max_len", 4}}));
    auto rec = sequential_plugin().load_recommender(run.outputs.at("model")->model());
    const size_t n = rec->item_ids().size();
    const std::vector<int64_t> known = {planted_item_id(1), planted_item_id(10), planted_item_id(14),
                                        planted_item_id(2)};
    const std::vector<int64_t> noisy = {planted_item_id(5), 7, planted_item_id(1), planted_item_id(10), 99999,
                                        planted_item_id(14), planted_item_id(2)};
    std::vector<float> a(n), b(n), both(2 * n), empty(n, 1.0f);
    rec->score({UserHistory{1, known.data(), 4}}, a.data());
    rec->score({UserHistory{1, noisy.data(), 7}}, b.data());  // unknown dropped, then the last 4 known kept
    CHECK(a == b);
    rec->score({UserHistory{1, known.data(), 4}, UserHistory{2, nullptr, 0}}, both.data());
    for (size_t i = 0; i < n; ++i)  // a batch of other sizes may take another BLAS path: last bits only
        CHECK(both[i] == Approx(a[i]).margin(1e-5));
    CHECK(std::all_of(both.begin() + n, both.end(), [](float s) { return s == 0.0f; }));
}

TEST_CASE("valid_k: early stopping and the curve use NDCG at that cutoff", "[models][outputs]") {
    // The first epoch trains the same weights whatever valid_k is, and with one target per user
    // NDCG@20 of a model is at least its NDCG@10, and larger where a target ranks 11th to 20th.
    const PlantedSplit split = planted_split(60, 5);
    const Json base = settings(Json::object(), {{"epochs", 1}});
    RunResult at10 = train("model.gru4rec", split, base);
    Json p = base;
    p["valid_k"] = 20;
    RunResult at20 = train("model.gru4rec", split, p);
    CHECK(at20.outputs.at("model")->model().metadata.at("training").at("metric") == "valid_ndcg@20");
    const Table& curve10 = at10.outputs.at("curve")->table();
    const Table& curve20 = at20.outputs.at("curve")->table();
    REQUIRE(curve20.has("valid_ndcg@20"));
    CHECK_FALSE(curve20.has("valid_ndcg@10"));
    CHECK(curve20.column("valid_ndcg@20").floats[0] >= curve10.column("valid_ndcg@10").floats[0]);
    CHECK(curve20.column("loss").floats[0] == curve10.column("loss").floats[0]);
}

TEST_CASE("bad rows are counted and noted; unknown valid items and users are skipped and counted", "[models][notes]") {
    PlantedSplit split = planted_split(150, 12);
    const std::set<int64_t> train_items(split.train.item.begin(), split.train.item.end());
    for (int64_t item : split.valid.item) REQUIRE(train_items.count(item) == 1);  // the planted valid items are known
    split.train.add(kNullInt, planted_item_id(3), 5);
    split.train.add(3, kNullInt, 5);
    split.valid.add(3, 424242, 999);  // an item not in train
    split.valid.add(777, planted_item_id(3), 999);  // a user not in train
    RunResult run = train("model.gru4rec", split, settings(Json::object(), {{"epochs", 1}}));
    CHECK(run.notes.at("bad_rows") == 2);
    CHECK(run.notes.at("valid_unknown_items") == 1);
    CHECK(run.notes.at("valid_unknown_users") == 1);
    CHECK(run.notes.at("valid_targets") == 150);
    CHECK(run.notes.at("device") == "cpu");
}

TEST_CASE("bad params, columns and data give clear errors", "[models][errors]") {
    const PlantedSplit split = planted_split(10, 13);
    const Json quick{{"epochs", 1}};
    CHECK_THROWS_WITH(train("model.gru4rec", split, {{"epochs", 1}, {"item", "product"}}),
                      Catch::Contains("model.gru4rec") && Catch::Contains("'product'") &&
                          Catch::Contains("user, item, ts"));
    CHECK_THROWS_WITH(train("model.gru4rec", split, {{"epochs", 1}, {"type", "kind"}}), Catch::Contains("'kind'"));
    CHECK_THROWS_WITH(train("model.gru4rec", split, {{"cell", "rnn"}}), Catch::Contains("cell"));
    CHECK_THROWS_WITH(train("model.caser", split, {{"window", 0}}), Catch::Contains("window"));
    CHECK_THROWS_WITH(train("model.gru4rec", split, {{"loss", "hinge"}}), Catch::Contains("loss"));
    CHECK_THROWS_WITH(train("model.gru4rec", split, {{"dim", 0}}), Catch::Contains("dim"));
    CHECK_THROWS_WITH(train("model.gru4rec", split, {{"valid_k", 0}}), Catch::Contains("valid_k"));
    CHECK_THROWS_WITH(train("model.bsarec", split, {{"epochs", 1}, {"examples", "sequences"}}),
                      Catch::Contains("not causal") && Catch::Contains("examples: prefixes"));

    PlantedSplit singles;
    singles.train.add(1, planted_item_id(1), 0);
    singles.train.add(2, planted_item_id(2), 0);
    CHECK_THROWS_WITH(train("model.gru4rec", singles, quick, 1, false), Catch::Contains("2 or more"));

    const Table train_table = split.train.table();
    for (const auto& [op, architecture] : kModels) {
        INFO(op);
        CHECK_THROWS_WITH(run_operator(sequential_plugin(), op, train_valid(train_table), quick, 1, "cuda"),
                          Catch::Contains("cuda") && Catch::Contains("--device cpu"));
    }
}

TEST_CASE("every architecture is registered with its loader format", "[models]") {
    for (const auto& [op, architecture] : kModels) {
        INFO(op);
        const auto* reg = sequential_plugin().find(op);
        REQUIRE(reg);
        CHECK(reg->spec.find_input("valid")->optional);
        for (const char* port : {"model", "embeddings", "top", "curve"}) CHECK(reg->spec.find_output(port));
        for (const char* param : {"user", "item", "time", "type", "max_len", "dim", "dropout", "loss", "negatives",
                                  "temperature", "top_k", "valid_users", "epochs", "lr", "patience"})
            CHECK(reg->spec.find_param(param));
    }
}
