// report.html through the built plugin: values, best marks, charts, escaping, determinism, manifests.
#include <catch2/catch.hpp>

#include <cmath>

#include "persona/error.h"
#include "persona/kernel/params.h"
#include "persona/kernel/step_context.h"
#include "plugin_test.h"

using namespace persona;

namespace {

// Runs report.html like the executor would: resolved params and (when given) a run manifest.
std::string render(const Inputs& inputs, const Json& params = Json::object(), const Json* manifest = nullptr) {
    auto& registry = testing::registry_with("persona_reports");
    const kernel::RegisteredOperator& op = registry.get("report.html");
    kernel::StepContext ctx(registry, "report", "cpu", 1, 1);
    ctx.set_log([](const std::string&, const std::string&, const std::string&) {});  // keep test output quiet
    if (manifest) ctx.set_manifest(*manifest);
    Outputs out = op.run(ctx, inputs, Params(kernel::resolve_params(op.spec, params)));
    REQUIRE(out.count("report") == 1);
    const Files& files = out.at("report")->files();
    REQUIRE(files.files.size() == 1);
    CHECK(files.files[0].name == "index.html");
    return files.files[0].bytes;
}

Metrics two_models() {
    Metrics m;
    m.row("pop").set("ndcg@10", 0.031234);
    m.row("pop").set("recall@10", 0.1);
    m.row("pop").set("loss", 0.5);
    m.row("knn").set("ndcg@10", 0.0456);
    m.row("knn").set("recall@10", 0.25);
    m.row("knn").set("loss", 0.75);
    return m;
}

Inputs metrics_input(Metrics metrics, const std::string& label = "eval") {
    Inputs in;
    in.ports["metrics"].push_back(Input{label, make_artifact(std::move(metrics))});
    return in;
}

Json quickstart_manifest(const std::string& yaml) {
    return Json{{"pipeline",
                 {{"name", "quickstart"}, {"file", "pipelines/quickstart.yaml"}, {"text", yaml},
                  {"doc", "Leave-one-out <split>; all items ranked."}, {"seed", 7},
                  {"device", "auto"}, {"params", Json::object()}}},
                {"steps",
                 {{{"id", "events"}, {"operator", "source.synthetic"}, {"version", "0.1.0"},
                   {"params", {{"users", 100}, {"name", "a<b"}}}, {"inputs", Json::array()},
                   {"notes", {{"bad_rows", 3}}}},
                  {{"id", "knn"}, {"operator", "model.itemknn"}, {"version", "0.2.0"},
                   {"params", {{"neighbors", 100}}},
                   {"inputs", {{{"port", "table"}, {"step", "split"}, {"output", "train"}}}}}}},
                {"data", {{{"step", "events"}, {"param", "path"}, {"path", "/data/ratings.csv"}, {"hash", "abc123"}}}}};
}

size_t count(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
    return n;
}

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

// The text between the first `begin` at or after `from` and the next `end`.
std::string between(const std::string& text, const std::string& begin, const std::string& end, size_t from = 0) {
    size_t start = text.find(begin, from);
    REQUIRE(start != std::string::npos);
    size_t stop = text.find(end, start);
    REQUIRE(stop != std::string::npos);
    return text.substr(start, stop - start);
}

}  // namespace

TEST_CASE("report.html is registered with its documented signature") {
    auto& registry = testing::registry_with("persona_reports");
    const OperatorSpec& spec = registry.get("report.html").spec;
    CHECK(spec.reads_run_manifest);
    REQUIRE(spec.find_input("metrics"));
    CHECK(spec.find_input("metrics")->many);
    REQUIRE(spec.find_input("tables"));
    CHECK(spec.find_input("tables")->optional);
    CHECK(spec.find_output("report")->kind == Kind::Files);
    CHECK(spec.find_param("max_rows")->default_value == 20);
    CHECK_THROWS_AS(kernel::resolve_params(spec, Json{{"max_rows", 0}}), kernel::ParamError);
    CHECK_THROWS_AS(kernel::resolve_params(spec, Json{{"max_rows", 10001}}), kernel::ParamError);
}

TEST_CASE("the metrics table shows formatted values with the best of each column in bold") {
    std::string html = render(metrics_input(two_models()));
    std::string table = between(html, "<table class=\"metrics\">", "</table>");
    CHECK(contains(table, "<th class=\"num\">ndcg@10"));
    CHECK(contains(table, "<th>pop</th><td class=\"num\">0.03123</td><td class=\"num\">0.1</td>"
                          "<td class=\"num best\"><strong>0.5</strong></td>"));
    CHECK(contains(table, "<th>knn</th><td class=\"num best\"><strong>0.0456</strong></td>"
                          "<td class=\"num best\"><strong>0.25</strong></td><td class=\"num\">0.75</td>"));
    CHECK(count(table, "<strong>") == 3);
    CHECK(contains(html, "<h3>eval</h3>"));
}

TEST_CASE("each metric gets a bar chart with one bar per row") {
    Metrics m = two_models();
    m.row("mf").set("ndcg@10", 0.05);  // mf has only ndcg: 3 bars there, 2 in the other charts
    std::string html = render(metrics_input(std::move(m)));
    CHECK(count(html, "<svg ") == 3);
    size_t first_svg = html.find("<svg ");
    std::string ndcg = between(html, "<svg ", "</svg>", first_svg);
    std::string recall = between(html, "<svg ", "</svg>", first_svg + 1);
    CHECK(contains(ndcg, "aria-label=\"ndcg@10\""));
    CHECK(count(ndcg, "class=\"bar\"") == 3);
    CHECK(contains(recall, "aria-label=\"recall@10\""));
    CHECK(count(recall, "class=\"bar\"") == 2);
    CHECK(count(html, "class=\"bar\"") == 3 + 2 + 2);
}

TEST_CASE("several metrics inputs each get their own section under their step label") {
    Inputs in = metrics_input(two_models(), "ranking");
    Metrics clf;
    clf.row("gbdt").set("auc", 0.81);
    in.ports["metrics"].push_back(Input{"churn", make_artifact(clf)});
    std::string html = render(in);
    CHECK(html.find("<h3>ranking</h3>") < html.find("<h3>churn</h3>"));
    CHECK(contains(html, "<th>gbdt</th><td class=\"num\">0.81</td>"));

    Metrics with_text;
    with_text.row("a").set("status", std::string("ok"));
    with_text.row("a").set("auc", 0.5);
    with_text.row("b").set("auc", 0.75);
    std::string mixed = render(metrics_input(with_text));
    CHECK(contains(mixed, "<th>status</th><th class=\"num\">auc"));
    CHECK(contains(mixed, "<th>b</th><td><span class=\"null\">"));
    CHECK(count(mixed, "<svg ") == 1);  // the text column gets no chart
}

TEST_CASE("the run, steps and pipeline sections come from the manifest, all escaped") {
    Json manifest = quickstart_manifest("name: quickstart\n# <script>alert('x')</script>\nseed: 7\n");
    std::string html = render(metrics_input(two_models()), Json::object(), &manifest);
    CHECK(contains(html, "<title>quickstart</title>"));
    CHECK(contains(html, "<h1>quickstart</h1>"));
    CHECK(contains(html, "<p class=\"doc\">Leave-one-out &lt;split&gt;; all items ranked.</p>"));
    CHECK(contains(html, "<dt>seed</dt><dd>7</dd>"));
    CHECK(contains(html, "<dt>device</dt><dd>auto</dd>"));
    CHECK(contains(html, "<code>/data/ratings.csv</code>"));
    CHECK(contains(html, "<code>abc123</code>"));
    CHECK(contains(html, "<code>{&quot;name&quot;:&quot;a&lt;b&quot;,&quot;users&quot;:100}</code>"));
    CHECK(contains(html, "<td class=\"warn\"><code>{&quot;bad_rows&quot;:3}</code></td>"));
    CHECK(contains(html, "<td>table: split.train</td>"));
    CHECK(contains(html, "<code>model.itemknn</code></td><td>0.2.0</td>"));
    CHECK(contains(html, "<pre>name: quickstart\n# &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\nseed: 7\n</pre>"));
    CHECK_FALSE(contains(html, "<script"));
}

TEST_CASE("the page is self-contained: no scripts, links or external resources") {
    Json manifest = quickstart_manifest("name: q\n");
    std::string html = render(metrics_input(two_models()), Json::object(), &manifest);
    CHECK_FALSE(contains(html, "<script"));
    CHECK_FALSE(contains(html, "<link"));
    CHECK_FALSE(contains(html, "src="));
    CHECK_FALSE(contains(html, "url("));
    CHECK(count(html, "http") == count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
}

TEST_CASE("the title param wins over the pipeline name") {
    Json manifest = quickstart_manifest("name: q\n");
    std::string html = render(metrics_input(two_models()), Json{{"title", "Ranking <v2>"}}, &manifest);
    CHECK(contains(html, "<title>Ranking &lt;v2&gt;</title>"));
    CHECK(contains(html, "<h1>Ranking &lt;v2&gt;</h1>"));
}

TEST_CASE("the same inputs and manifest give identical bytes") {
    Json manifest = quickstart_manifest("name: q\n");
    std::string first = render(metrics_input(two_models()), Json::object(), &manifest);
    std::string second = render(metrics_input(two_models()), Json::object(), &manifest);
    CHECK(first == second);
    Json changed = manifest;
    changed["pipeline"]["seed"] = 8;
    CHECK(render(metrics_input(two_models()), Json::object(), &changed) != first);
}

TEST_CASE("a missing manifest still renders every section") {
    std::string html = render(metrics_input(two_models()));
    CHECK(contains(html, "<title>Persona report</title>"));
    CHECK(contains(html, "No run manifest was given"));
    CHECK(contains(html, "No steps recorded."));
    CHECK(contains(html, "No pipeline text recorded."));
    CHECK(contains(html, "<strong>0.0456</strong>"));
    CHECK(contains(html, "</html>\n"));
}

TEST_CASE("a manifest with odd shapes and missing fields renders what it can") {
    Json manifest = {{"pipeline", {{"name", 42}, {"seed", "seven"}}},
                     {"steps", {"not an object", {{"id", "only_id"}}, {{"operator", "x.y"}, {"notes", nullptr}}}},
                     {"data", "not a list"}};
    std::string html = render(metrics_input(two_models()), Json::object(), &manifest);
    CHECK(contains(html, "<title>42</title>"));
    CHECK(contains(html, "<dt>seed</dt><dd>seven</dd>"));
    CHECK(contains(html, "<th>only_id</th>"));
    CHECK(contains(html, "<code>x.y</code>"));
    CHECK(contains(html, "No data files recorded."));
    CHECK(contains(html, "<dt>steps</dt><dd>2</dd>"));

    Json not_an_object = Json::array({1, 2});
    CHECK(contains(render(metrics_input(two_models()), Json::object(), &not_an_object), "No run manifest"));
}

TEST_CASE("tables are previewed with their first max_rows rows and every column type") {
    Table t;
    std::vector<int64_t> ids;
    std::vector<double> scores;
    std::vector<std::string> names;
    for (int64_t i = 0; i < 30; ++i) {
        ids.push_back(i);
        scores.push_back(i / 8.0);
        names.push_back(i == 1 ? "<b>bold</b>" : "user" + std::to_string(i));
    }
    ids[2] = kNullInt;
    scores[3] = NAN;
    t.add_int64("id", ids);
    t.add_float64("score", scores);
    t.add_string("name", names);
    std::vector<float> emb(30 * 6, 0.5f);
    t.add_vector("emb", 6, emb);
    std::vector<int64_t> offsets{0};
    std::vector<int64_t> values;
    for (int64_t i = 0; i < 30; ++i) {
        for (int64_t k = 0; k < i % 9; ++k) values.push_back(k);
        offsets.push_back(static_cast<int64_t>(values.size()));
    }
    t.add_list("history", offsets, values);

    Inputs in = metrics_input(two_models());
    in.ports["tables"].push_back(Input{"users", make_artifact(std::move(t))});
    std::string html = render(in, Json{{"max_rows", 5}});
    std::string table = between(html, "<table class=\"data\">", "</table>");
    CHECK(contains(html, "<h3>users</h3>"));
    CHECK(contains(table, "<caption>5 of 30 rows, 5 columns</caption>"));
    CHECK(count(table, "<tr>") == 1 + 5);
    CHECK(contains(table, "<th class=\"num\">score<span class=\"type\">float64</span></th>"));
    CHECK(contains(table, "<td class=\"num\">0.125</td>"));
    CHECK(contains(table, "&lt;b&gt;bold&lt;/b&gt;"));
    CHECK(count(table, "class=\"null\"") == 2);              // id of row 2, score of row 3
    CHECK(contains(table, "<td>[0.5, 0.5, 0.5, 0.5, \xE2\x80\xA6]</td>"));
    CHECK(contains(table, "<td>[0, 1, 2]</td>"));            // row 3: 3 values, all shown
    CHECK_FALSE(contains(table, "user5"));                  // row 5 is past max_rows
}

TEST_CASE("a wrong artifact kind on an input is refused with the port and step named") {
    Inputs in;
    Table t;
    t.add_int64("x", {1});
    in.ports["metrics"].push_back(Input{"split", make_artifact(t)});
    try {
        render(in);
        FAIL("expected an Error");
    } catch (const Error& e) {
        std::string message = e.what();
        CHECK(contains(message, "'metrics'"));
        CHECK(contains(message, "'split'"));
        CHECK(contains(message, "holds a table artifact; expected a metrics artifact"));
    }
}

TEST_CASE("an empty metrics artifact shows a note instead of a table") {
    std::string html = render(metrics_input(Metrics{}));
    CHECK(contains(html, "No metric rows."));
    CHECK_FALSE(contains(html, "<svg"));
}

namespace {

// A model's training curve as the model operators write it: epoch, loss, a validation metric, lr.
Table training_curve(std::vector<int64_t> epochs, std::vector<double> losses) {
    Table t;
    std::vector<double> ndcg, lr;
    for (size_t i = 0; i < epochs.size(); ++i) {
        ndcg.push_back(0.01 * static_cast<double>(epochs[i]));
        lr.push_back(0.001);
    }
    t.add_int64("epoch", std::move(epochs));
    t.add_float64("loss", std::move(losses));
    t.add_float64("valid_ndcg@10", std::move(ndcg));
    t.add_float64("lr", std::move(lr));
    return t;
}

}  // namespace

TEST_CASE("a training-curve table is drawn as a line chart labelled by its input; other tables keep the preview") {
    Inputs in = metrics_input(two_models());
    in.ports["tables"].push_back(Input{"sasrec", make_artifact(training_curve({1, 2, 3, 4}, {0.9, 0.7, 0.6, 0.55}))});
    in.ports["tables"].push_back(Input{"gru4rec", make_artifact(training_curve({1, 2}, {0.8, 0.5}))});
    Table plain;
    plain.add_int64("user", {1, 2});
    plain.add_float64("loss", {0.5, 0.25});  // a loss column alone does not make a curve
    in.ports["tables"].push_back(Input{"split", make_artifact(plain)});
    std::string html = render(in);

    const size_t sasrec = html.find("<h3>sasrec</h3>"), gru = html.find("<h3>gru4rec</h3>"),
                 split = html.find("<h3>split</h3>");
    REQUIRE(sasrec != std::string::npos);
    REQUIRE(gru != std::string::npos);
    REQUIRE(split != std::string::npos);
    // One chart per curve table, with two polylines (loss and valid_ndcg@10; lr is not drawn).
    std::string sasrec_chart = between(html, "<svg ", "</svg>", sasrec);
    CHECK(sasrec_chart.find("aria-label=\"sasrec\"") != std::string::npos);
    CHECK(count(sasrec_chart, "<polyline") == 2);
    CHECK(contains(sasrec_chart, ">loss (left axis)</text>"));
    CHECK(contains(sasrec_chart, ">valid_ndcg@10 (right axis)</text>"));
    CHECK_FALSE(contains(sasrec_chart, ">lr"));
    CHECK(count(between(html, "<svg ", "</svg>", gru), "<polyline") == 2);
    // The curve's numbers stay available, folded under the chart.
    CHECK(contains(between(html, "<details>", "</details>", sasrec), "<caption>4 of 4 rows, 4 columns</caption>"));
    // The plain table is a preview without a chart.
    std::string after_split = html.substr(split);
    CHECK(contains(after_split.substr(0, after_split.find("<h2")), "<table class=\"data\">"));
    CHECK_FALSE(contains(after_split.substr(0, after_split.find("<h2")), "<svg"));
    CHECK(html == render(in));  // deterministic
}

TEST_CASE("a training curve is drawn in epoch order") {
    Inputs in = metrics_input(two_models());
    in.ports["tables"].push_back(Input{"mlp", make_artifact(training_curve({3, 1, 2}, {0.3, 0.9, 0.6}))});
    std::string html = render(in);
    std::string chart = between(html, "<svg ", "</svg>", html.find("<h3>mlp</h3>"));
    std::string points = between(chart, "points=\"", "\" fill", chart.find("<polyline"));
    std::vector<double> xs, ys;
    for (size_t at = points.find('"') + 1; at < points.size();) {
        size_t comma = points.find(',', at), space = points.find(' ', at);
        xs.push_back(std::stod(points.substr(at, comma - at)));
        ys.push_back(std::stod(points.substr(comma + 1, space - comma - 1)));
        if (space == std::string::npos) break;
        at = space + 1;
    }
    REQUIRE(xs.size() == 3);
    CHECK(xs[0] < xs[1]);
    CHECK(xs[1] < xs[2]);
    CHECK(ys[0] < ys[1]);  // loss 0.9, 0.6, 0.3 by epoch: falling, so y (down the page) grows
    CHECK(ys[1] < ys[2]);
}
