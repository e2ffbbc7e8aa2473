// Tests of model.mlp's cross-validation mode (param folds): stratified fold assignment, one
// out-of-fold prediction per row, held-out rows unseen by their model, and the final model.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <random>

#include "cross_validation.h"
#include "persona/kernel/params.h"
#include "persona/kernel/step_context.h"
#include "persona/persona.h"
#include "plugin_test.h"

using persona::Json;
using persona::Table;
using persona::tabular::stratified_folds;

namespace {

const persona::kernel::PluginRegistry& tabular() { return persona::testing::registry_with("persona_tabular"); }

persona::Outputs run_mlp(Table train, const Json& params, uint64_t seed = 7) {
    persona::kernel::InvokeOptions options;
    options.seed = seed;
    options.threads = 1;
    return persona::kernel::invoke(tabular(), "model.mlp", persona::testing::table_input("train", std::move(train)),
                                   params, options);
}

// 60 users: 30 "a", 20 "b", 10 "c"; a 2-component embedding near the class's corner plus noise.
Table three_classes(uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> noise(0, 0.3f);
    std::vector<int64_t> user;
    std::vector<std::string> label;
    std::vector<float> embedding;
    const std::vector<std::pair<std::string, int>> sizes{{"a", 30}, {"b", 20}, {"c", 10}};
    const float corner[3][2] = {{1, 0}, {0, 1}, {-1, -1}};
    int64_t id = 1000;
    for (size_t c = 0; c < sizes.size(); ++c)
        for (int i = 0; i < sizes[c].second; ++i) {
            user.push_back(id++);
            label.push_back(sizes[c].first);
            embedding.push_back(corner[c][0] + noise(rng));
            embedding.push_back(corner[c][1] + noise(rng));
        }
    // Interleave the classes so that row order says nothing about the class.
    std::vector<int64_t> order(user.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int64_t>(i);
    std::shuffle(order.begin(), order.end(), rng);
    Table t;
    t.add_int64("user", user);
    t.add_string("group", label);
    t.add_vector("embedding", 2, embedding);
    return t.take(order);
}

double accuracy(const Table& predictions, const Table& truth, const std::string& target) {
    int64_t hits = 0;
    for (int64_t row = 0; row < truth.rows(); ++row)
        hits += predictions.column("prediction").text(row) == truth.column(target).text(row);
    return static_cast<double>(hits) / truth.rows();
}

const Json kLinear{{"target", "group"}, {"hidden", {0}}, {"epochs", 40}, {"batch_size", 16}, {"lr", 0.05},
                   {"weight_decay", 0.001}, {"class_weight", "balanced"}, {"patience", 0}, {"folds", 5}};

}  // namespace

TEST_CASE("stratified folds keep each class's share in every fold", "[folds]") {
    // 7 rows of class 0, 5 of class 1, 3 of class 2 over 3 folds: each fold gets floor or ceil of
    // 7/3 (2 or 3), 5/3 (1 or 2) and exactly 1 of class 2; the deal continues across classes, so
    // the fold sizes are 5, 5, 5.
    std::vector<int64_t> labels;
    for (int i = 0; i < 7; ++i) labels.push_back(0);
    for (int i = 0; i < 5; ++i) labels.push_back(1);
    for (int i = 0; i < 3; ++i) labels.push_back(2);
    const auto folds = stratified_folds(labels, 3, 42);
    std::map<std::pair<int64_t, int64_t>, int> count;  // (fold, class) -> rows
    std::map<int64_t, int> size;
    for (size_t i = 0; i < labels.size(); ++i) {
        REQUIRE(folds[i] >= 0);
        REQUIRE(folds[i] < 3);
        ++count[{folds[i], labels[i]}];
        ++size[folds[i]];
    }
    for (int64_t f = 0; f < 3; ++f) {
        CHECK(size[f] == 5);
        CHECK((count[{f, 0}] == 2 || count[{f, 0}] == 3));
        CHECK((count[{f, 1}] == 1 || count[{f, 1}] == 2));
        CHECK(count[{f, 2}] == 1);
    }
    CHECK(stratified_folds(labels, 3, 42) == folds);
    CHECK(stratified_folds(labels, 3, 43) != folds);
    CHECK_THROWS_WITH(stratified_folds(labels, 16, 1), Catch::Contains("folds") && Catch::Contains("15"));
}

TEST_CASE("mlp folds: every row gets exactly one out-of-fold prediction, classes kept per fold", "[folds]") {
    const Table train = three_classes(1);
    auto out = run_mlp(train, kLinear);
    const Table& predictions = out.at("predictions")->table();
    REQUIRE(predictions.rows() == train.rows());
    CHECK(predictions.column("user").ints == train.column("user").ints);  // train order, each user once
    REQUIRE(predictions.has("fold"));
    std::map<std::pair<int64_t, std::string>, int> per_fold;  // (fold, class) -> rows
    for (int64_t row = 0; row < train.rows(); ++row) {
        const int64_t fold = predictions.column("fold").ints[row];
        REQUIRE(fold >= 0);
        REQUIRE(fold < 5);
        ++per_fold[{fold, std::string(train.column("group").text(row))}];
    }
    // 30 / 20 / 10 rows over 5 folds: exactly 6 / 4 / 2 per fold.
    for (int64_t f = 0; f < 5; ++f) {
        CHECK(per_fold[{f, "a"}] == 6);
        CHECK(per_fold[{f, "b"}] == 4);
        CHECK(per_fold[{f, "c"}] == 2);
    }
    // The classes are separable along the embedding, so held-out predictions are mostly right.
    CHECK(accuracy(predictions, train, "group") > 0.85);
    for (const char* p : {"p_a", "p_b", "p_c"}) CHECK(predictions.has(p));

    const auto& model = out.at("model")->model();
    CHECK(model.metadata.at("folds") == 5);
    CHECK(model.metadata.at("train_rows") == 60);  // the final model saw every row
    REQUIRE(model.metadata.at("cross_validation").size() == 5);
    CHECK(model.metadata.at("cross_validation")[0].at("held_out_rows") == 12);
    CHECK(model.metadata.at("cross_validation")[0].at("train_rows") == 48);
}

TEST_CASE("mlp folds: a held-out row is predicted by a model that never saw it", "[folds]") {
    // Random labels and a random 16-component feature per row: a wide MLP memorizes its training
    // rows (in-sample accuracy near 1) but can only guess on rows it did not see (about 1/2).
    std::mt19937 rng(5);
    std::normal_distribution<float> noise(0, 1);
    std::vector<int64_t> user, label;
    std::vector<float> feature;
    for (int i = 0; i < 80; ++i) {
        user.push_back(i);
        label.push_back(i % 2);
        for (int j = 0; j < 16; ++j) feature.push_back(noise(rng));
    }
    Table train;
    train.add_int64("user", user);
    train.add_int64("label", label);
    train.add_vector("x", 16, feature);
    Json params{{"target", "label"}, {"hidden", {128}}, {"dropout", 0.0}, {"epochs", 150}, {"batch_size", 16},
                {"lr", 0.01}, {"patience", 0}};
    auto in_sample = run_mlp(train, params).at("predictions")->table();
    params["folds"] = 4;
    auto held_out = run_mlp(train, params).at("predictions")->table();
    auto hits = [&](const Table& p) {
        int n = 0;
        for (int64_t row = 0; row < p.rows(); ++row) n += p.column("prediction").text(row) == std::to_string(label[row]);
        return n / 80.0;
    };
    INFO("in-sample " << hits(in_sample) << " out-of-fold " << hits(held_out));
    CHECK(hits(in_sample) > 0.95);
    CHECK(hits(held_out) < 0.7);
}

TEST_CASE("mlp folds: rows without a target are predicted by the final model, fold null", "[folds]") {
    Table train = three_classes(2);
    auto& codes = train.column("group").ints;
    codes[3] = codes[17] = persona::kNullCode;
    auto predictions = run_mlp(train, kLinear).at("predictions")->table();
    REQUIRE(predictions.rows() == 60);
    CHECK(predictions.column("user").ints == train.column("user").ints);
    CHECK(predictions.column("fold").ints[3] == persona::kNullInt);
    CHECK(predictions.column("fold").ints[17] == persona::kNullInt);
    CHECK(predictions.column("fold").ints[4] != persona::kNullInt);
    CHECK_FALSE(predictions.column("prediction").is_null(3));
}

TEST_CASE("mlp folds: the same seed gives the same predictions, another seed other folds", "[folds]") {
    const Table train = three_classes(3);
    auto a = run_mlp(train, kLinear, 11).at("predictions")->table();
    auto b = run_mlp(train, kLinear, 11).at("predictions")->table();
    auto c = run_mlp(train, kLinear, 12).at("predictions")->table();
    CHECK(a.column("p_a").floats == b.column("p_a").floats);
    CHECK(a.column("fold").ints == b.column("fold").ints);
    CHECK(a.column("fold").ints != c.column("fold").ints);
}

TEST_CASE("mlp fold_seed: steps with other seeds but the same fold_seed share their folds", "[folds]") {
    // Two steps (step seeds 11 and 12) scored on one deal of folds: a paired comparison.
    const Table train = three_classes(3);
    Json params = kLinear;
    params["fold_seed"] = 5;
    auto a = run_mlp(train, params, 11).at("predictions")->table();
    auto b = run_mlp(train, params, 12).at("predictions")->table();
    CHECK(a.column("fold").ints == b.column("fold").ints);
    params["fold_seed"] = 6;
    auto c = run_mlp(train, params, 11).at("predictions")->table();
    CHECK(a.column("fold").ints != c.column("fold").ints);
}

TEST_CASE("mlp scale none keeps the inputs as they are", "[folds]") {
    Json params = kLinear;
    params["folds"] = 0;
    params["scale"] = "none";
    auto model = run_mlp(three_classes(4), params).at("model")->model();
    CHECK(model.metadata.at("layout").at("mean") == Json::array({0.0, 0.0}));
    CHECK(model.metadata.at("layout").at("scale") == Json::array({1.0, 1.0}));
    CHECK_FALSE(model.metadata.contains("folds"));
}

TEST_CASE("mlp folds refuses valid/apply inputs and folds 1", "[folds]") {
    persona::Inputs in = persona::testing::table_input("train", three_classes(5));
    in.ports["valid"].push_back({"valid", persona::make_artifact(three_classes(6))});
    CHECK_THROWS_WITH(persona::kernel::invoke(tabular(), "model.mlp", in, kLinear),
                      Catch::Contains("folds") && Catch::Contains("'valid'"));
    Json one = kLinear;
    one["folds"] = 1;
    CHECK_THROWS_WITH(run_mlp(three_classes(5), one), Catch::Contains("folds is 1"));
    Json many = kLinear;
    many["folds"] = 61;
    CHECK_THROWS_WITH(run_mlp(three_classes(5), many), Catch::Contains("61") && Catch::Contains("60 labelled rows"));
    Json seed_alone = kLinear;
    seed_alone["folds"] = 0;
    seed_alone["fold_seed"] = 3;
    CHECK_THROWS_WITH(run_mlp(three_classes(5), seed_alone), Catch::Contains("fold_seed is 3") && Catch::Contains("folds is 0"));
    Json negative = kLinear;
    negative["fold_seed"] = -1;
    CHECK_THROWS_WITH(run_mlp(three_classes(5), negative), Catch::Contains("fold_seed"));
}

TEST_CASE("mlp logistic regression: L2 shrinks towards uniform, balanced weights lift the rare class", "[folds]") {
    const Table train = three_classes(7);
    Json params = kLinear;
    params["folds"] = 0;
    params["class_weight"] = "none";
    params["epochs"] = 200;          // near convergence
    params["metric"] = "logloss";    // keeps the last epochs (train accuracy plateaus early)
    auto mean_of = [](const Table& predictions, const std::string& column) {
        double sum = 0;
        for (double p : predictions.column(column).floats) sum += p;
        return sum / predictions.rows();
    };
    auto mean_top = [](const Table& p) {  // the mean probability of the predicted class
        double sum = 0;
        for (int64_t row = 0; row < p.rows(); ++row)
            sum += std::max({p.column("p_a").floats[row], p.column("p_b").floats[row], p.column("p_c").floats[row]});
        return sum / p.rows();
    };
    params["weight_decay"] = 0.0;
    const Table free = run_mlp(train, params).at("predictions")->table();
    params["weight_decay"] = 1.0;
    const Table shrunk = run_mlp(train, params).at("predictions")->table();
    INFO("mean top probability: no L2 " << mean_top(free) << ", L2 1.0 " << mean_top(shrunk));
    // Strong L2 pulls weights and bias (both penalized) towards 0: probabilities near 1/3 each.
    CHECK(mean_top(shrunk) < 0.5);
    CHECK(mean_top(free) > mean_top(shrunk) + 0.1);

    // Balanced weights: with a feature that says nothing, the loss optimum is the class share,
    // 30 of 300 = 0.1 for "rare"; weighting each class n / (2 n_c) makes both classes weigh the
    // same, so the optimum moves to 0.5.
    std::mt19937 rng(21);
    std::normal_distribution<float> noise(0, 1);
    std::vector<float> x;
    std::vector<std::string> label;
    for (int i = 0; i < 300; ++i) {
        x.push_back(noise(rng));
        label.push_back(i % 10 == 0 ? "rare" : "common");
    }
    Table noisy;
    noisy.add_vector("x", 1, x);
    noisy.add_string("label", label);
    Json lr{{"target", "label"}, {"hidden", {0}}, {"epochs", 100}, {"batch_size", 300}, {"lr", 0.05},
            {"weight_decay", 0.001}, {"metric", "logloss"}, {"patience", 0}};
    const double plain = mean_of(run_mlp(noisy, lr).at("predictions")->table(), "p_rare");
    lr["class_weight"] = "balanced";
    const double balanced = mean_of(run_mlp(noisy, lr).at("predictions")->table(), "p_rare");
    CHECK(plain == Approx(0.1).margin(0.03));
    CHECK(balanced == Approx(0.5).margin(0.05));
}

TEST_CASE("mlp metric objective keeps the weights with the lowest training loss plus L2", "[folds]") {
    // Train log loss from the predictions of the train rows: mean of -ln p(true class).
    auto log_loss = [](const Table& predictions, const Table& truth) {
        double sum = 0;
        for (int64_t row = 0; row < truth.rows(); ++row)
            sum -= std::log(predictions.column("p_" + std::string(truth.column("group").text(row))).floats[row]);
        return sum / truth.rows();
    };
    const Table train = three_classes(8);
    Json params{{"target", "group"}, {"hidden", {0}}, {"epochs", 60}, {"batch_size", 60}, {"lr", 0.1},
                {"weight_decay", 0.0}, {"metric", "objective"}, {"patience", 0}};
    // Without L2 the objective is the train log loss itself.
    auto plain = run_mlp(train, params);
    const auto& model = plain.at("model")->model();
    CHECK(model.metadata.at("metric") == "train_neg_objective");
    CHECK(model.metadata.at("best_metric").get<double>() ==
          Approx(-log_loss(plain.at("predictions")->table(), train)).epsilon(1e-4));
    // With L2 the penalty adds to it, and the kept epoch is the last (the objective keeps falling).
    params["weight_decay"] = 0.01;
    auto l2 = run_mlp(train, params);
    const auto& l2_model = l2.at("model")->model();
    CHECK(-l2_model.metadata.at("best_metric").get<double>() > log_loss(l2.at("predictions")->table(), train) + 1e-4);
    CHECK(l2_model.metadata.at("best_epoch") == 60);
    CHECK(l2.at("curve")->table().has("train_neg_objective"));

    persona::Inputs with_valid = persona::testing::table_input("train", train);
    with_valid.ports["valid"].push_back({"valid", persona::make_artifact(three_classes(9))});
    CHECK_THROWS_WITH(persona::kernel::invoke(tabular(), "model.mlp", with_valid, params),
                      Catch::Contains("objective") && Catch::Contains("'valid'"));
}
