// Tests of model.mlp: nonlinear classification, regression, vector and string features, string
// classes, nulls, determinism, the Model round trip and clear errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "mlp_predictor.h"
#include "persona/kernel/params.h"
#include "persona/kernel/step_context.h"
#include "persona/persona.h"
#include "plugin_test.h"

using persona::Json;
using persona::Table;
using persona::testing::registry_with;

namespace {

const persona::kernel::PluginRegistry& tabular() { return registry_with("persona_tabular"); }

// Inputs for the train / valid / apply ports (empty tables are left unconnected).
persona::Inputs mlp_inputs(Table train, Table valid = {}, Table apply = {}) {
    persona::Inputs in;
    in.ports["train"].push_back({"train", persona::make_artifact(std::move(train))});
    if (valid.num_columns()) in.ports["valid"].push_back({"valid", persona::make_artifact(std::move(valid))});
    if (apply.num_columns()) in.ports["apply"].push_back({"apply", persona::make_artifact(std::move(apply))});
    return in;
}

// Runs model.mlp on the CPU with two threads.
persona::Outputs run_mlp(const persona::Inputs& in, const Json& params, uint64_t seed = 7,
                         const std::string& device = "cpu") {
    persona::kernel::InvokeOptions options;
    options.seed = seed;
    options.device = device;
    options.threads = 2;
    return persona::kernel::invoke(tabular(), "model.mlp", in, params, options);
}

// Runs model.mlp and returns the notes it recorded.
Json notes_of(const persona::Inputs& in, const Json& params) {
    const auto& op = tabular().get("model.mlp");
    persona::kernel::StepContext ctx(tabular(), "mlp", "cpu", 7, 2);
    op.run(ctx, in, persona::Params(persona::kernel::resolve_params(op.spec, params)));
    return ctx.notes();
}

// Points on two concentric rings: class 0 inside radius 1, class 1 between radii 1.6 and 2.4.
Table rings(int64_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> angle(0, 2 * M_PI), unit(0, 1);
    std::vector<double> x, y;
    std::vector<int64_t> user, label;
    for (int64_t i = 0; i < n; ++i) {
        const int64_t c = i % 2;
        const double r = c == 0 ? unit(rng) : 1.6 + 0.8 * unit(rng);
        const double a = angle(rng);
        x.push_back(r * std::cos(a));
        y.push_back(r * std::sin(a));
        user.push_back(i);
        label.push_back(c);
    }
    Table t;
    t.add_int64("user", user);
    t.add_float64("x", x);
    t.add_float64("y", y);
    t.add_int64("label", label);
    return t;
}

// y = sin(2 a) + b^2 / 2 for a, b uniform in [-2, 2].
Table curve_points(int64_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(-2, 2);
    std::vector<double> a, b, y;
    for (int64_t i = 0; i < n; ++i) {
        a.push_back(u(rng));
        b.push_back(u(rng));
        y.push_back(std::sin(2 * a.back()) + b.back() * b.back() / 2);
    }
    Table t;
    t.add_float64("a", a);
    t.add_float64("b", b);
    t.add_float64("y", y);
    return t;
}

// Users with a 3-component embedding; the class ("x", "y" or "z") is the largest component.
Table embedded_users(int64_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0, 1);
    std::vector<float> embedding;
    std::vector<int64_t> user;
    std::vector<std::string> label;
    const char* names[] = {"x", "y", "z"};
    for (int64_t i = 0; i < n; ++i) {
        float best = -1e9f;
        int which = 0;
        for (int j = 0; j < 3; ++j) {
            embedding.push_back(normal(rng));
            if (embedding.back() > best) best = embedding.back(), which = j;
        }
        user.push_back(100 + i);
        label.push_back(names[which]);
    }
    Table t;
    t.add_int64("user", user);
    t.add_vector("embedding", 3, embedding);
    t.add_string("group", label);
    return t;
}

// The share of rows whose `prediction` text equals the target cell's text.
double accuracy(const Table& predictions, const Table& truth, const std::string& target) {
    const auto& predicted = predictions.column("prediction");
    const auto& actual = truth.column(target);
    int64_t hits = 0;
    for (int64_t row = 0; row < truth.rows(); ++row) {
        const std::string expected = actual.type == persona::ColumnType::String ? std::string(actual.text(row))
                                                                                : std::to_string(actual.ints[row]);
        hits += predicted.text(row) == expected;
    }
    return static_cast<double>(hits) / truth.rows();
}

double rmse(const Table& predictions, const Table& truth, const std::string& target) {
    double sum = 0;
    for (int64_t row = 0; row < truth.rows(); ++row) {
        const double d = predictions.column("prediction").floats[row] - truth.column(target).floats[row];
        sum += d * d;
    }
    return std::sqrt(sum / truth.rows());
}

const Json kRingParams{{"target", "label"}, {"features", {"x", "y"}}, {"hidden", {32, 32}}, {"epochs", 40},
                       {"batch_size", 32}, {"lr", 0.01}, {"dropout", 0.0}, {"patience", 0}};

}  // namespace

TEST_CASE("mlp learns concentric rings that a linear model cannot separate", "[mlp]") {
    const Table train = rings(400, 1), valid = rings(200, 2);
    auto mlp = run_mlp(mlp_inputs(train, valid), kRingParams);
    const Table& predictions = mlp.at("predictions")->table();
    REQUIRE(predictions.rows() == valid.rows());
    CHECK(predictions.column("user").ints == valid.column("user").ints);
    const double mlp_accuracy = accuracy(predictions, valid, "label");
    CHECK(mlp_accuracy > 0.95);

    Json linear_params = kRingParams;
    linear_params["hidden"] = Json::array({0});  // no hidden layer
    auto linear = run_mlp(mlp_inputs(train, valid), linear_params);
    const double linear_accuracy = accuracy(linear.at("predictions")->table(), valid, "label");
    CHECK(linear_accuracy < 0.75);
    INFO("mlp " << mlp_accuracy << " linear " << linear_accuracy);

    const auto& model = mlp.at("model")->model();
    CHECK(model.format == "mlp");
    CHECK(model.metadata.at("target").at("classes") == Json::array({"0", "1"}));
    CHECK(model.metadata.at("metric") == "valid_accuracy");
    const Table& curve = mlp.at("curve")->table();
    CHECK(curve.rows() == 40);
    CHECK(curve.has("valid_accuracy"));
}

TEST_CASE("mlp class probabilities are columns p_<class> that sum to one", "[mlp]") {
    auto out = run_mlp(mlp_inputs(rings(200, 3)), kRingParams);
    const Table& predictions = out.at("predictions")->table();
    REQUIRE(predictions.has("p_0"));
    REQUIRE(predictions.has("p_1"));
    for (int64_t row = 0; row < predictions.rows(); ++row) {
        const double p0 = predictions.column("p_0").floats[row], p1 = predictions.column("p_1").floats[row];
        CHECK(p0 + p1 == Approx(1.0).epsilon(1e-5));
        CHECK(predictions.column("prediction").text(row) == (p1 > p0 ? "1" : "0"));
    }
}

TEST_CASE("mlp regresses a known nonlinear function", "[mlp]") {
    const Table train = curve_points(400, 4), valid = curve_points(200, 5);
    Json params{{"target", "y"}, {"hidden", {32, 32}}, {"epochs", 60}, {"batch_size", 32}, {"lr", 0.01},
                {"dropout", 0.0}, {"activation", "silu"}};
    auto out = run_mlp(mlp_inputs(train, valid), params);
    const Table& predictions = out.at("predictions")->table();
    CHECK_FALSE(predictions.has("user"));  // no id column in the input: skipped
    REQUIRE(predictions.column("prediction").type == persona::ColumnType::Float64);
    // The target's standard deviation is about 1; a good fit is far below it.
    const double error = rmse(predictions, valid, "y");
    INFO("valid RMSE " << error);
    CHECK(error < 0.15);
    const auto& model = out.at("model")->model();
    CHECK(model.metadata.at("target").at("task") == "regression");
    CHECK(model.metadata.at("metric") == "valid_neg_rmse");
    CHECK(model.metadata.at("best_metric").get<double>() == Approx(-error).epsilon(1e-3));
}

TEST_CASE("mlp expands vector columns and predicts string classes", "[mlp]") {
    const Table train = embedded_users(600, 6), apply = embedded_users(200, 7);
    Json params{{"target", "group"}, {"hidden", {32}}, {"epochs", 25}, {"batch_size", 32}, {"lr", 0.01},
                {"dropout", 0.0}};
    auto out = run_mlp(mlp_inputs(train, {}, apply), params);
    const Table& predictions = out.at("predictions")->table();
    CHECK(predictions.column("user").ints == apply.column("user").ints);
    CHECK(predictions.has("p_x"));
    CHECK(predictions.has("p_y"));
    CHECK(predictions.has("p_z"));
    CHECK(accuracy(predictions, apply, "group") > 0.9);
    const auto& layout = out.at("model")->model().metadata.at("layout");
    CHECK(layout.at("columns").size() == 1);  // user is the id, group the target: only the embedding
    CHECK(layout.at("columns")[0].at("kind") == "vector");
    CHECK(layout.at("mean").size() == 3);
}

TEST_CASE("mlp one-hot encodes string features and counts unknown categories and nulls", "[mlp]") {
    // The class is "buyer" exactly for the cities "paris" and "rome".
    std::vector<std::string> cities = {"paris", "rome", "oslo", "lima"};
    std::vector<std::string> city, label;
    std::vector<double> age;
    for (int i = 0; i < 200; ++i) {
        city.push_back(cities[i % 4]);
        label.push_back(i % 4 < 2 ? "buyer" : "browser");
        age.push_back(i % 7 == 0 ? NAN : 20 + i % 30);
    }
    Table train;
    train.add_string("city", city);
    train.add_float64("age", age);
    train.add_string("label", label);
    Table apply;
    apply.add_string("city", {"rome", "oslo", "tokyo"});
    apply.add_float64("age", {30, NAN, 40});
    Json params{{"target", "label"}, {"features", {"city", "age"}}, {"hidden", {16}}, {"epochs", 30},
                {"batch_size", 16}, {"lr", 0.02}, {"dropout", 0.0}};
    auto out = run_mlp(mlp_inputs(train, {}, apply), params);
    const Table& predictions = out.at("predictions")->table();
    REQUIRE(predictions.rows() == 3);
    CHECK(predictions.column("prediction").text(0) == "buyer");
    CHECK(predictions.column("prediction").text(1) == "browser");

    Json notes = notes_of(mlp_inputs(train, {}, apply), params);
    CHECK(notes.at("imputed_values").at("train") == 29);  // rows 0, 7, ..., 196
    CHECK(notes.at("imputed_values").at("apply") == 1);
    CHECK(notes.at("unknown_categories").at("apply") == 1);  // tokyo
    CHECK(notes.at("features").at("inputs") == 5);           // 4 cities + age
}

TEST_CASE("mlp balanced class weights lift a rare class that the features cannot tell apart", "[mlp]") {
    // 90% "common", 10% "rare"; the feature is noise, so the model can only learn the class prior.
    std::mt19937 rng(14);
    std::normal_distribution<double> noise(0, 1);
    std::vector<double> feature;
    std::vector<std::string> label;
    for (int i = 0; i < 300; ++i) {
        feature.push_back(noise(rng));
        label.push_back(i % 10 == 0 ? "rare" : "common");
    }
    Table train;
    train.add_float64("noise", feature);
    train.add_string("label", label);
    Json params{{"target", "label"}, {"hidden", {8}}, {"epochs", 30}, {"batch_size", 32}, {"lr", 0.01},
                {"metric", "logloss"}, {"patience", 0}};
    auto mean_rare = [](const Table& predictions) {
        double sum = 0;
        for (double p : predictions.column("p_rare").floats) sum += p;
        return sum / predictions.rows();
    };
    auto plain = run_mlp(mlp_inputs(train), params);
    params["class_weight"] = "balanced";
    auto balanced = run_mlp(mlp_inputs(train), params);
    CHECK(mean_rare(plain.at("predictions")->table()) < 0.2);
    CHECK(mean_rare(balanced.at("predictions")->table()) > 0.3);
    CHECK(plain.at("model")->model().metadata.at("metric") == "train_neg_logloss");  // no valid: measured on train
}

TEST_CASE("mlp drops rows with a null target and counts them", "[mlp]") {
    Table train = rings(100, 8);
    auto& label = train.column("label").ints;
    label[0] = label[5] = label[9] = persona::kNullInt;
    Json params = kRingParams;
    params["epochs"] = 2;
    Json notes = notes_of(mlp_inputs(train), params);
    CHECK(notes.at("null_target_rows").at("train") == 3);
}

TEST_CASE("mlp with the same seed gives identical weights, another seed other weights", "[mlp]") {
    Json params = kRingParams;
    params["epochs"] = 5;
    params["dropout"] = 0.2;
    const Table train = rings(200, 9);
    auto a = run_mlp(mlp_inputs(train), params, 11).at("model")->model();
    auto b = run_mlp(mlp_inputs(train), params, 11).at("model")->model();
    auto c = run_mlp(mlp_inputs(train), params, 12).at("model")->model();
    CHECK(a.bytes == b.bytes);
    CHECK(a.bytes != c.bytes);
}

TEST_CASE("mlp predictor rebuilt from the Model bytes predicts exactly the same", "[mlp]") {
    const Table train = embedded_users(300, 10), valid = embedded_users(100, 11);
    Json params{{"target", "group"}, {"hidden", {16, 8}}, {"epochs", 10}, {"activation", "gelu"}};
    auto out = run_mlp(mlp_inputs(train, valid), params);
    // Through the artifact's serialized form, as the store keeps it.
    const auto stored = persona::Artifact::deserialize(out.at("model")->serialize());
    auto predictor = persona::tabular::MlpPredictor::from_model(stored.model());
    persona::tabular::EncodeCounts counts;
    const Table again = predictor.predict(valid, "user", "valid", counts);
    const Table& original = out.at("predictions")->table();
    REQUIRE(again.num_columns() == original.num_columns());
    for (size_t i = 0; i < original.num_columns(); ++i) {
        CHECK(again.column(i).name == original.column(i).name);
        CHECK(again.column(i).ints == original.column(i).ints);
        CHECK(again.column(i).floats == original.column(i).floats);
    }
    persona::Model wrong = stored.model();
    wrong.format = "itemknn";
    CHECK_THROWS_WITH(persona::tabular::MlpPredictor::from_model(wrong), Catch::Contains("expected 'mlp'"));
    wrong = stored.model();
    wrong.bytes = wrong.bytes.substr(0, wrong.bytes.size() / 2);
    CHECK_THROWS_AS(persona::tabular::MlpPredictor::from_model(wrong), persona::Error);
}

TEST_CASE("mlp errors name the missing target or feature column and a single class", "[mlp]") {
    const Table train = rings(50, 12);
    CHECK_THROWS_WITH(run_mlp(mlp_inputs(train), Json{{"target", "gender"}}),
                      Catch::Contains("model.mlp") && Catch::Contains("'gender'") && Catch::Contains("'target'") &&
                          Catch::Contains("label"));
    CHECK_THROWS_WITH(run_mlp(mlp_inputs(train), Json{{"target", "label"}, {"features", {"x", "age"}}}),
                      Catch::Contains("'age'") && Catch::Contains("'features'"));
    Table apply;
    apply.add_float64("x", {1.0});
    CHECK_THROWS_WITH(run_mlp(mlp_inputs(train, {}, apply), Json{{"target", "label"}, {"epochs", 1}}),
                      Catch::Contains("'apply'") && Catch::Contains("'y'"));

    Table one_class = train;
    for (auto& v : one_class.column("label").ints) v = 3;
    CHECK_THROWS_WITH(run_mlp(mlp_inputs(one_class), Json{{"target", "label"}}),
                      Catch::Contains("1 class ('3')") && Catch::Contains("at least 2"));

    CHECK_THROWS_WITH(run_mlp(mlp_inputs(train), Json{{"target", "label"}, {"metric", "rmse"}}),
                      Catch::Contains("classification"));
}

// Debian's LibTorch is CPU only, so asking for CUDA must fail with a message that says so.
TEST_CASE("mlp refuses device cuda clearly on a CPU-only build", "[mlp]") {
    CHECK_THROWS_WITH(run_mlp(mlp_inputs(rings(20, 13)), Json{{"target", "label"}, {"epochs", 1}}, 7, "cuda"),
                      Catch::Contains("cuda") || Catch::Contains("CUDA"));
}

TEST_CASE("mlp features accept '*' patterns over the train columns", "[mlp]") {
    // Stacking-style table: per-model probability columns, a fold column and an unrelated age.
    Table train = rings(60, 15);
    train.add_float64("knn_p_1", std::vector<double>(60, 0.5));
    train.add_float64("lr_p_1", std::vector<double>(60, 0.25));
    train.add_int64("age", std::vector<int64_t>(60, 30));
    Json params{{"target", "label"}, {"features", {"*_p_*", "x", "lr_p_1"}}, {"epochs", 1}};
    Json notes = notes_of(mlp_inputs(train), params);
    // The pattern takes knn_p_1 and lr_p_1 in table order; lr_p_1 named again is not repeated.
    CHECK(notes.at("features").at("columns") == Json::array({"knn_p_1", "lr_p_1", "x"}));
    CHECK_THROWS_WITH(run_mlp(mlp_inputs(train), Json{{"target", "label"}, {"features", {"p_*"}}, {"epochs", 1}}),
                      Catch::Contains("'p_*'") && Catch::Contains("matches no column"));
}
