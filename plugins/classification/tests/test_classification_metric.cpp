// Tests of metric.classification on predictions whose scores are computed by hand in the comments.
#include <catch2/catch.hpp>

#include <cmath>

#include "classification_test.h"

using classification_test::notes_of;
using classification_test::run;
using persona::Json;
using persona::Table;

namespace {

// Six users: 1 M, 2 M, 3 F, 4 F, 5 M, 6 M (4 M, 2 F).
Table gender_truth() {
    Table t;
    t.add_int64("user", {1, 2, 3, 4, 5, 6});
    t.add_string("gender", {"M", "M", "F", "F", "M", "M"});
    return t;
}

// p_M = 0.9, 0.6, 0.4, 0.7, 0.2, 0.8; prediction = the likelier class: M, M, F, M, F, M.
Table gender_predictions() {
    Table t;
    t.add_int64("user", {1, 2, 3, 4, 5, 6});
    t.add_string("prediction", {"M", "M", "F", "M", "F", "M"});
    t.add_float64("p_F", {0.1, 0.4, 0.6, 0.3, 0.8, 0.2});
    t.add_float64("p_M", {0.9, 0.6, 0.4, 0.7, 0.2, 0.8});
    return t;
}

persona::Inputs metric_inputs(std::vector<std::pair<std::string, Table>> predictions, Table truth) {
    persona::Inputs in;
    for (auto& [label, table] : predictions)
        in.ports["predictions"].push_back({label, persona::make_artifact(std::move(table))});
    in.ports["truth"].push_back({"truth", persona::make_artifact(std::move(truth))});
    return in;
}

double value_of(const persona::Metrics& metrics, const std::string& row, const std::string& name) {
    for (const auto& r : metrics.rows)
        if (r.label == row)
            for (const auto& [key, value] : r.values)
                if (key == name) return std::get<double>(value);
    FAIL("no metric " << name << " in row " << row);
    return NAN;
}

bool has_value(const persona::Metrics& metrics, const std::string& row, const std::string& name) {
    for (const auto& r : metrics.rows)
        if (r.label == row)
            for (const auto& [key, value] : r.values)
                if (key == name) return true;
    return false;
}

}  // namespace

TEST_CASE("classification metrics of a binary model and the majority baseline", "[classification]") {
    auto out = run("metric.classification", metric_inputs({{"lr", gender_predictions()}}, gender_truth()),
                   Json{{"target", "gender"}});
    const auto& m = out.at("metrics")->metrics();
    REQUIRE(m.rows.size() == 2);
    CHECK(m.rows[0].label == "lr");
    CHECK(m.rows[1].label == "majority");
    // Correct: users 1, 2, 3, 6 -> 4 / 6.
    CHECK(value_of(m, "lr", "accuracy") == Approx(4.0 / 6));
    // M: tp 3 (1, 2, 6), fp 1 (4), fn 1 (5) -> F1 6/8 = 0.75; F: tp 1 (3), fp 1 (5), fn 1 (4) -> 2/4 = 0.5.
    CHECK(value_of(m, "lr", "macro_f1") == Approx(0.625));
    // AUC of p_M (M is the second class): positives 0.9, 0.6, 0.2, 0.8 vs negatives 0.4, 0.7:
    // 0.9 beats both, 0.6 beats 0.4, 0.2 none, 0.8 both -> 5 of 8 pairs.
    CHECK(value_of(m, "lr", "auc") == Approx(0.625));
    // -mean ln p(true): p = 0.9, 0.6, 0.6, 0.3, 0.2, 0.8 -> 0.6939277.
    CHECK(value_of(m, "lr", "log_loss") == Approx(0.6939277));
    CHECK(value_of(m, "lr", "rows") == 6);
    // Majority M: accuracy 4/6; F1 M = 8/10, F = 0 -> 0.4; constant scores -> AUC 0.5;
    // log loss with the class shares 2/3, 1/3: -(4 ln 2/3 + 2 ln 1/3) / 6 = 0.6365142.
    CHECK(value_of(m, "majority", "accuracy") == Approx(4.0 / 6));
    CHECK(value_of(m, "majority", "macro_f1") == Approx(0.4));
    CHECK(value_of(m, "majority", "auc") == Approx(0.5));
    CHECK(value_of(m, "majority", "log_loss") == Approx(0.6365142));

    const Table& confusion = out.at("confusion")->table();
    CHECK(confusion.rows() == 6);  // lr: F>F, F>M, M>F, M>M; majority: F>M (2 users), M>M (4 users)
}

TEST_CASE("classification confusion counts per model and true/predicted pair", "[classification]") {
    auto out = run("metric.classification", metric_inputs({{"lr", gender_predictions()}}, gender_truth()),
                   Json{{"target", "gender"}, {"majority", false}});
    const Table& c = out.at("confusion")->table();
    // lr: F->F user 3, F->M user 4, M->F user 5, M->M users 1, 2, 6.
    REQUIRE(c.rows() == 4);
    std::vector<std::string> rows;
    for (int64_t r = 0; r < c.rows(); ++r)
        rows.push_back(std::string(c.column("model").text(r)) + " " + std::string(c.column("true").text(r)) + ">" +
                       std::string(c.column("predicted").text(r)) + " " + std::to_string(c.column("count").ints[r]));
    CHECK(rows == std::vector<std::string>{"lr F>F 1", "lr F>M 1", "lr M>F 1", "lr M>M 3"});
    CHECK(out.at("metrics")->metrics().rows.size() == 1);
}

TEST_CASE("classification binary AUC is the same for either positive class", "[classification]") {
    auto m = run("metric.classification", metric_inputs({{"lr", gender_predictions()}}, gender_truth()),
                 Json{{"target", "gender"}, {"positive", "F"}}).at("metrics")->metrics();
    // p_F = 1 - p_M ranks the pairs the other way round: the same 5 of 8.
    CHECK(value_of(m, "lr", "auc") == Approx(0.625));
    CHECK_THROWS_WITH(run("metric.classification", metric_inputs({{"lr", gender_predictions()}}, gender_truth()),
                          Json{{"target", "gender"}, {"positive", "X"}}),
                      Catch::Contains("positive") && Catch::Contains("'X'"));
}

TEST_CASE("classification multiclass AUC is the mean one-vs-rest AUC", "[classification]") {
    Table truth;
    truth.add_int64("user", {1, 2, 3, 4});
    truth.add_string("job", {"a", "b", "c", "a"});
    Table p;
    p.add_int64("user", {1, 2, 3, 4});
    p.add_string("prediction", {"a", "b", "a", "b"});
    p.add_float64("p_a", {0.7, 0.3, 0.5, 0.2});
    p.add_float64("p_b", {0.2, 0.4, 0.1, 0.5});
    p.add_float64("p_c", {0.1, 0.3, 0.4, 0.3});
    auto m = run("metric.classification", metric_inputs({{"mlp", p}}, truth), Json{{"target", "job"}}).at("metrics")->metrics();
    CHECK(value_of(m, "mlp", "accuracy") == Approx(0.5));  // users 1 and 2
    // F1: a: tp 1, fp 1 (3), fn 1 (4) -> 0.5; b: tp 1, fp 1 (4), fn 0 -> 2/3; c: tp 0 -> 0; mean 0.3888889.
    CHECK(value_of(m, "mlp", "macro_f1") == Approx(0.3888889));
    // a: positives 0.7, 0.2 vs 0.3, 0.5 -> 2/4; b: 0.4 vs 0.2, 0.1, 0.5 -> 2/3; c: 0.4 vs 0.1, 0.3, 0.3 -> 1.
    CHECK(value_of(m, "mlp", "auc") == Approx((0.5 + 2.0 / 3 + 1.0) / 3));
    // -mean ln(0.7, 0.4, 0.4, 0.2) = 0.9496736.
    CHECK(value_of(m, "mlp", "log_loss") == Approx(0.9496736));
}

TEST_CASE("classification AUC counts tied scores as one half", "[classification]") {
    Table truth;
    truth.add_int64("user", {1, 2, 3});
    truth.add_int64("label", {0, 1, 1});
    Table p;  // int64 classes are named by their digits, as model.mlp does (p_0, p_1)
    p.add_int64("user", {1, 2, 3});
    p.add_int64("prediction", {1, 1, 1});
    p.add_float64("p_0", {0.5, 0.5, 0.2});
    p.add_float64("p_1", {0.5, 0.5, 0.8});
    auto m = run("metric.classification", metric_inputs({{"x", p}}, truth), Json{{"target", "label"}}).at("metrics")->metrics();
    // Negative 0.5 vs positives 0.5 (tie: 1/2) and 0.8 (1) -> 1.5 / 2.
    CHECK(value_of(m, "x", "auc") == Approx(0.75));
    CHECK(value_of(m, "x", "accuracy") == Approx(2.0 / 3));
}

TEST_CASE("classification counts unmatched and missing rows and refuses repeated ids", "[classification]") {
    Table p = gender_predictions().take({0, 1, 2});
    Table extra;
    extra.add_int64("user", {99});
    extra.add_string("prediction", {"M"});
    extra.add_float64("p_F", {0.5});
    extra.add_float64("p_M", {0.5});
    Table both;
    both.add_int64("user", {1, 2, 3, 99});
    both.add_string("prediction", {"M", "M", "F", "M"});
    both.add_float64("p_F", {0.1, 0.4, 0.6, 0.5});
    both.add_float64("p_M", {0.9, 0.6, 0.4, 0.5});
    Json notes = notes_of("metric.classification", metric_inputs({{"lr", both}}, gender_truth()), Json{{"target", "gender"}});
    CHECK(notes.at("coverage").at("lr").at("scored") == 3);
    CHECK(notes.at("coverage").at("lr").at("unmatched_predictions") == 1);      // user 99
    CHECK(notes.at("coverage").at("lr").at("truth_without_prediction") == 3);   // users 4, 5, 6
    auto m = run("metric.classification", metric_inputs({{"lr", both}}, gender_truth()), Json{{"target", "gender"}})
                 .at("metrics")->metrics();
    CHECK(value_of(m, "lr", "accuracy") == Approx(1.0));  // users 1, 2, 3 are right
    CHECK(value_of(m, "lr", "rows") == 3);

    Table twice = gender_predictions().take({0, 0, 1});
    CHECK_THROWS_WITH(run("metric.classification", metric_inputs({{"lr", twice}}, gender_truth()), Json{{"target", "gender"}}),
                      Catch::Contains("'lr'") && Catch::Contains("id 1"));
}

TEST_CASE("classification without probabilities reports no AUC or log loss; labels stay unique", "[classification]") {
    Table p = gender_predictions();
    p.drop("p_F");
    p.drop("p_M");
    auto m = run("metric.classification", metric_inputs({{"rule", p}, {"rule", gender_predictions()}}, gender_truth()),
                 Json{{"target", "gender"}}).at("metrics")->metrics();
    REQUIRE(m.rows.size() == 3);
    CHECK(m.rows[1].label == "rule_2");
    CHECK(value_of(m, "rule", "accuracy") == Approx(4.0 / 6));
    CHECK_FALSE(has_value(m, "rule", "auc"));
    CHECK_FALSE(has_value(m, "rule", "log_loss"));
    CHECK(value_of(m, "rule_2", "auc") == Approx(0.625));
}

TEST_CASE("classification reads the predicted class from the column param prediction names", "[classification]") {
    Table p = gender_predictions();
    p.drop("p_F");
    p.drop("p_M");
    p.column("prediction").name = "top_gender";
    auto m = run("metric.classification", metric_inputs({{"rule", p}}, gender_truth()),
                 Json{{"target", "gender"}, {"prediction", "top_gender"}}).at("metrics")->metrics();
    CHECK(value_of(m, "rule", "accuracy") == Approx(4.0 / 6));
    CHECK_THROWS_WITH(run("metric.classification", metric_inputs({{"rule", gender_predictions()}}, gender_truth()),
                          Json{{"target", "gender"}, {"prediction", "top_gender"}}),
                      Catch::Contains("'top_gender'") && Catch::Contains("param 'prediction'") &&
                          Catch::Contains("rule"));
}

TEST_CASE("classification errors name the input and the column", "[classification]") {
    Table p = gender_predictions();
    p.drop("prediction");
    CHECK_THROWS_WITH(run("metric.classification", metric_inputs({{"lr", p}}, gender_truth()), Json{{"target", "gender"}}),
                      Catch::Contains("'prediction'") && Catch::Contains("lr"));
    CHECK_THROWS_WITH(run("metric.classification", metric_inputs({{"lr", gender_predictions()}}, gender_truth()),
                          Json{{"target", "sex"}}),
                      Catch::Contains("'sex'") && Catch::Contains("truth") && Catch::Contains("user, gender"));
    Table one_class = gender_truth().take({0, 1});
    CHECK_THROWS_WITH(run("metric.classification", metric_inputs({{"lr", gender_predictions()}}, one_class),
                          Json{{"target", "gender"}}),
                      Catch::Contains("at least 2"));
}

TEST_CASE("classification output best is the input that scores best on param select", "[classification]") {
    // "hard": classes only, right for users 1-5 (5 / 6, no AUC); "lr": 4 / 6, AUC 0.625 (above);
    // "inverse": p_M = 1 - lr's, so every ranked pair flips: AUC 3 / 8.
    Table hard;
    hard.add_int64("user", {1, 2, 3, 4, 5, 6});
    hard.add_string("prediction", {"M", "M", "F", "F", "M", "F"});
    Table inverse = gender_predictions();
    std::swap(inverse.column("p_F").floats, inverse.column("p_M").floats);
    auto inputs = [&] { return metric_inputs({{"hard", hard}, {"inverse", inverse}, {"lr", gender_predictions()}}, gender_truth()); };

    auto by_auc = run("metric.classification", inputs(), Json{{"target", "gender"}});
    const Table& best = by_auc.at("best")->table();
    CHECK(best.column("p_M").floats == gender_predictions().column("p_M").floats);
    CHECK(best.column("prediction").text(3) == "M");
    Json notes = notes_of("metric.classification", inputs(), Json{{"target", "gender"}});
    CHECK(notes["best"]["model"] == "lr");
    CHECK(notes["best"]["select"] == "auc");
    CHECK(notes["best"]["score"].get<double>() == Approx(0.625));

    auto by_accuracy = run("metric.classification", inputs(), Json{{"target", "gender"}, {"select", "accuracy"}});
    CHECK_FALSE(by_accuracy.at("best")->table().has("p_M"));
    CHECK(by_accuracy.at("best")->table().column("prediction").text(5) == "F");
    // Log loss: lowest wins. lr's p(true) = 0.9, 0.6, 0.6, 0.3, 0.2, 0.8; inverse's = 0.1, 0.4, 0.4, 0.7, 0.8, 0.2.
    Json by_loss = notes_of("metric.classification", inputs(), Json{{"target", "gender"}, {"select", "log_loss"}});
    CHECK(by_loss["best"]["model"] == "lr");
    CHECK(by_loss["best"]["score"].get<double>() == Approx(0.6939277));

    // Ties go to the earlier input.
    Json tie = notes_of("metric.classification",
                        metric_inputs({{"lr", gender_predictions()}, {"lr", gender_predictions()}}, gender_truth()),
                        Json{{"target", "gender"}});
    CHECK(tie["best"]["model"] == "lr");

    // Without probabilities anywhere, the default (auto) selects by accuracy; asking for AUC is an error.
    Json hard_only = notes_of("metric.classification", metric_inputs({{"hard", hard}}, gender_truth()), Json{{"target", "gender"}});
    CHECK(hard_only["best"]["select"] == "accuracy");
    CHECK(hard_only["best"]["score"].get<double>() == Approx(5.0 / 6));
    CHECK_THROWS_WITH(run("metric.classification", metric_inputs({{"hard", hard}}, gender_truth()),
                          Json{{"target", "gender"}, {"select", "auc"}}),
                      Catch::Contains("select") && Catch::Contains("auc") && Catch::Contains("accuracy"));
    CHECK_THROWS_WITH(run("metric.classification", inputs(), Json{{"target", "gender"}, {"select", "recall"}}),
                      Catch::Contains("select") && Catch::Contains("recall"));
}
