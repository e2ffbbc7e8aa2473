// metric.classification: accuracy, macro F1, ROC AUC and log loss of class predictions against the
// true classes, one Metrics row per model plus the majority-class baseline, and confusion counts.
#include <cmath>
#include <map>

#include "classification_scores.h"
#include "columns.h"
#include "operators.h"
#include "persona/context.h"
#include "persona/error.h"
#include "scored_rows.h"

namespace persona::classification {

namespace {

constexpr const char* kOp = "metric.classification";
constexpr const char* kMajority = "majority";

OperatorSpec classification_spec() {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.1.0";
    spec.doc = "Accuracy, macro F1, ROC AUC and log loss of class predictions, a majority-class baseline, confusion counts";
    spec.input("predictions", Kind::Table, "id, prediction, p_<class> per class (e.g. model.mlp predictions)", true);
    spec.input("truth", Kind::Table, "id and the true class column");
    spec.output("metrics", Kind::Metrics,
                "one row per predictions input (label = its step) and 'majority': accuracy, macro_f1, auc, log_loss, rows");
    spec.output("confusion", Kind::Table, "model, true, predicted, count (pairs that occur)");
    spec.output("best", Kind::Table, "the predictions input that scores best on param select (a copy of its table)");
    spec.param("id", ParamType::String, "user", "id column (int64 or string) of predictions and truth");
    spec.param("target", ParamType::String, Json(), "the true class column of truth (string or int64)");
    spec.param("prediction", ParamType::String, "prediction",
               "the predicted class column of every predictions input (string or int64)");
    spec.param("positive", ParamType::String, "",
               "binary targets: the class whose probability the AUC ranks (\"\" = the second in sorted order)");
    spec.param("majority", ParamType::Bool, true, "add the majority-class baseline row");
    spec.param("select", ParamType::String, "auto",
               "the score that picks output best: auc, accuracy, macro_f1 (highest wins) or log_loss (lowest wins); "
               "auto = auc where an input has probabilities, else accuracy; ties go to the earlier input")
        .one_of({"auto", "auc", "accuracy", "macro_f1", "log_loss"});
    return spec;
}

// The class whose probability the binary AUC ranks; throws Error when it is not a true class.
std::string positive_class(const Truth& truth, const std::string& requested) {
    if (requested.empty()) return truth.classes[1];
    for (const auto& c : truth.classes)
        if (c == requested) return c;
    throw Error(std::string(kOp) + ": param positive is '" + requested + "', which is not a class of the truth (" +
                truth.classes[0] + ", " + truth.classes[1] + ")");
}

// The rows of one class as positives.
std::vector<bool> rows_of_class(const ScoredRows& rows, int64_t c) {
    std::vector<bool> positive(rows.truth.size());
    for (size_t i = 0; i < rows.truth.size(); ++i) positive[i] = rows.truth[i] == c;
    return positive;
}

int64_t class_index(const ScoredRows& rows, const std::string& name) {
    for (size_t c = 0; c < rows.classes.size(); ++c)
        if (rows.classes[c] == name) return static_cast<int64_t>(c);
    return -1;
}

// Binary: AUC of p_<positive> (or 1 - p of the other class). Multiclass: the mean one-vs-rest AUC
// over the true classes (a class without a p_ column scores 0 everywhere: AUC 0.5). NaN without probabilities.
double auc_of(const ScoredRows& rows, const Truth& truth, const std::string& positive) {
    if (!rows.has_probabilities() || truth.classes.size() < 2) return std::nan("");
    if (truth.classes.size() == 2) {
        const int64_t pos = class_index(rows, positive);
        const int64_t neg = class_index(rows, truth.classes[0] == positive ? truth.classes[1] : truth.classes[0]);
        std::vector<double> scores = rows.probability[pos];
        if (scores.empty()) {
            if (rows.probability[neg].empty()) return std::nan("");
            for (double p : rows.probability[neg]) scores.push_back(1.0 - p);
        }
        return roc_auc(scores, rows_of_class(rows, pos));
    }
    double sum = 0;
    int64_t counted = 0;
    for (const auto& name : truth.classes) {
        const int64_t c = class_index(rows, name);
        std::vector<double> scores = rows.probability[c];
        if (scores.empty()) scores.assign(rows.truth.size(), 0.0);
        const double auc = roc_auc(scores, rows_of_class(rows, c));
        if (std::isnan(auc)) continue;  // the class has no row (or only its rows) among the matched ones
        sum += auc;
        ++counted;
    }
    return counted ? sum / counted : std::nan("");
}

// The probability each row gives its true class (0 when the model has no p_ column for it).
std::vector<double> true_class_probabilities(const ScoredRows& rows) {
    std::vector<double> p(rows.truth.size(), 0.0);
    for (size_t i = 0; i < rows.truth.size(); ++i) {
        const auto& column = rows.probability[rows.truth[i]];
        if (!column.empty()) p[i] = column[i];
    }
    return p;
}

// Fills one Metrics row.
void add_scores(Metrics::Row& row, const ScoredRows& rows, const Truth& truth, const std::string& positive) {
    row.set("accuracy", accuracy(rows.truth, rows.predicted));
    row.set("macro_f1", macro_f1(rows.truth, rows.predicted));
    const double auc = auc_of(rows, truth, positive);
    if (!std::isnan(auc)) row.set("auc", auc);
    if (rows.has_probabilities()) row.set("log_loss", log_loss(true_class_probabilities(rows)));
    row.set("rows", static_cast<double>(rows.truth.size()));
}

// Appends the confusion counts of one model to the columns of the confusion table.
struct ConfusionColumns {
    std::vector<std::string> model, truth, predicted;
    std::vector<int64_t> count;
    void add(const std::string& label, const ScoredRows& rows) {
        for (const auto& [pair, n] : confusion(rows.truth, rows.predicted)) {
            model.push_back(label);
            truth.push_back(rows.classes[pair.first]);
            predicted.push_back(pair.second < 0 ? "(none)" : rows.classes[pair.second]);
            count.push_back(n);
        }
    }
    Table table() const {
        Table t;
        t.add_string("model", model);
        t.add_string("true", truth);
        t.add_string("predicted", predicted);
        t.add_int64("count", count);
        return t;
    }
};

// A label per input: its step id, with _2, _3... for a step connected more than once.
std::string unique_label(const std::string& label, std::map<std::string, int>& uses) {
    const int n = ++uses[label];
    return n == 1 ? label : label + "_" + std::to_string(n);
}

// The value of score `name` in the metrics row `label`, NaN when it has none (e.g. AUC without probabilities).
double score_of(const Metrics& metrics, const std::string& label, const std::string& name) {
    for (const auto& row : metrics.rows)
        if (row.label == label)
            for (const auto& [key, value] : row.values)
                if (key == name) return std::get<double>(value);
    return std::nan("");
}

bool any_has_score(const Metrics& metrics, const std::vector<std::string>& labels, const std::string& name) {
    for (const auto& label : labels)
        if (!std::isnan(score_of(metrics, label, name))) return true;
    return false;
}

// The index of the predictions input whose score `select` is best (lowest log loss, else highest);
// throws Error when no input has that score.
size_t best_input(const Metrics& metrics, const std::vector<std::string>& labels, const std::string& select) {
    const bool lower_wins = select == "log_loss";
    size_t best = labels.size();
    double best_score = 0;
    for (size_t i = 0; i < labels.size(); ++i) {
        const double score = score_of(metrics, labels[i], select);
        if (std::isnan(score)) continue;
        if (best == labels.size() || (lower_wins ? score < best_score : score > best_score)) {
            best = i;
            best_score = score;
        }
    }
    if (best == labels.size())
        throw Error(std::string(kOp) + ": param select is '" + select + "', which no predictions input has (" + select +
                    " needs p_<class> columns); choose accuracy or macro_f1");
    return best;
}

// Records a model's rows that could not be scored, warning when there are any.
void note_coverage(Context& ctx, const std::string& label, const ScoredRows& rows, Json& coverage) {
    coverage[label] = Json{{"scored", rows.truth.size()}, {"unmatched_predictions", rows.unmatched},
                           {"truth_without_prediction", rows.uncovered}, {"null_predictions", rows.null_predictions}};
    if (rows.unmatched > 0)
        ctx.warn(label + ": " + std::to_string(rows.unmatched) + " prediction rows have no true class and were not scored");
    if (rows.uncovered > 0)
        ctx.warn(label + ": " + std::to_string(rows.uncovered) + " truth rows have no prediction");
    if (rows.truth.empty()) ctx.warn(label + ": no prediction matches a truth row (check param id)");
}

Outputs run_classification(Context& ctx, const Inputs& inputs, const Params& params) {
    const std::string id = params.text("id"), target = params.text("target"), prediction = params.text("prediction");
    const Truth truth = read_truth(inputs.table("truth"), id, target, kOp);
    if (truth.classes.size() < 2)
        throw Error(std::string(kOp) + ": column '" + target + "' of input 'truth' has " +
                    std::to_string(truth.classes.size()) + " class(es) on rows with an id; scoring needs at least 2");
    ctx.note("truth_null_rows", truth.null_rows);
    if (truth.null_rows > 0)
        ctx.warn(std::to_string(truth.null_rows) + " truth rows have a null id or class and were not used");
    const std::string positive = truth.classes.size() == 2 ? positive_class(truth, params.text("positive")) : "";

    Metrics metrics;
    ConfusionColumns confusion_columns;
    Json coverage = Json::object();
    std::map<std::string, int> uses;
    std::vector<std::string> labels;
    const auto& predictions = inputs.all("predictions");
    for (const auto& input : predictions) {
        const std::string label = unique_label(input.label, uses);
        labels.push_back(label);
        const ScoredRows rows = score_rows(input.artifact->table(), label, truth, {id, prediction}, kOp);
        add_scores(metrics.row(label), rows, truth, positive);
        confusion_columns.add(label, rows);
        note_coverage(ctx, label, rows, coverage);
    }
    std::string select = params.text("select");
    if (select == "auto") select = any_has_score(metrics, labels, "auc") ? "auc" : "accuracy";
    const size_t best = best_input(metrics, labels, select);
    ctx.note("best", Json{{"model", labels[best]}, {"select", select}, {"score", score_of(metrics, labels[best], select)}});
    if (params.flag("majority")) {
        const ScoredRows rows = majority_rows(truth);
        add_scores(metrics.row(kMajority), rows, truth, positive);
        confusion_columns.add(kMajority, rows);
    }
    ctx.note("coverage", coverage);
    if (!positive.empty()) ctx.note("positive_class", positive);
    return {{"metrics", make_artifact(std::move(metrics))},
            {"confusion", make_artifact(confusion_columns.table())},
            {"best", make_artifact(Table(predictions[best].artifact->table()))}};
}

}  // namespace

void register_classification_metric(Registry& registry) {
    registry.add_operator(classification_spec(), run_classification);
}

}  // namespace persona::classification
