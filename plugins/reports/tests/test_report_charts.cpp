// report.html's `charts` param through the built plugin: each kind draws the right marks with the right values,
// labels resolve through the run manifest, bad specs fail with the chart and what exists named, same bytes twice.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <regex>

#include "persona/error.h"
#include "persona/kernel/params.h"
#include "persona/kernel/step_context.h"
#include "plugin_test.h"

using namespace persona;

namespace {

// What one run of report.html gave: the page and the step's notes.
struct Rendered {
    std::string html;
    Json notes;
};

// Runs report.html as step "report" like the executor would. With resolve = false the params go in as given
// (the list form of `charts`, which the kernel's Map type does not accept yet).
Rendered run_report(const Inputs& inputs, const Json& params, const Json* manifest = nullptr, bool resolve = true) {
    auto& registry = testing::registry_with("persona_reports");
    const kernel::RegisteredOperator& op = registry.get("report.html");
    kernel::StepContext ctx(registry, "report", "cpu", 1, 1);
    ctx.set_log([](const std::string&, const std::string&, const std::string&) {});
    if (manifest) ctx.set_manifest(*manifest);
    Json values = resolve ? kernel::resolve_params(op.spec, params) : params;
    Outputs out = op.run(ctx, inputs, Params(values));
    return Rendered{out.at("report")->files().files.at(0).bytes, ctx.notes()};
}

std::string render(const Inputs& inputs, const Json& params, const Json* manifest = nullptr) {
    return run_report(inputs, params, manifest).html;
}

size_t count(const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
    return n;
}

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

// The n-th (0-based) chart figure of the Charts section.
std::string figure(const std::string& html, size_t n) {
    size_t at = html.find("<h2 id=\"charts\">");
    REQUIRE(at != std::string::npos);
    for (size_t i = 0; i <= n; ++i) {
        at = html.find("<figure class=\"chart\">", at + 1);
        REQUIRE(at != std::string::npos);
    }
    return html.substr(at, html.find("</figure>", at) - at);
}

// All captures of group 1 of `pattern` in text, in order.
std::vector<std::string> captures(const std::string& text, const std::string& pattern) {
    const std::regex re(pattern);
    std::vector<std::string> out;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
        out.push_back((*it)[1]);
    return out;
}

// Width of each bar, in order.
std::vector<double> bar_widths(const std::string& svg) {
    std::vector<double> widths;
    for (const std::string& w : captures(svg, R"re(<rect class="bar" x="[-0-9.]+" y="[-0-9.]+" width="([-0-9.]+)")re"))
        widths.push_back(std::stod(w));
    return widths;
}

// The label texts of the bars: the right-aligned texts left of each bar (skipping the header).
std::vector<std::string> bar_labels(const std::string& svg) {
    return captures(svg, R"re(text-anchor="end" fill="#1f2933">(?:<title>[^<]*</title>)?([^<]*)</text><rect class="bar")re");
}

// The text printed in each heat-map cell, row by row.
std::vector<std::string> cell_texts(const std::string& svg) {
    return captures(svg, R"re(<rect class="cell"[^>]*/><text[^>]*>([^<]*)</text>)re");
}

// The points of every series polyline.
std::vector<std::vector<std::pair<double, double>>> polylines(const std::string& svg) {
    std::vector<std::vector<std::pair<double, double>>> lines;
    for (const std::string& points : captures(svg, R"re(<polyline class="series" points="([-0-9., ]+)")re")) {
        lines.emplace_back();
        const std::regex point(R"re(([-0-9.]+),([-0-9.]+))re");
        for (auto p = std::sregex_iterator(points.begin(), points.end(), point); p != std::sregex_iterator(); ++p)
            lines.back().emplace_back(std::stod((*p)[1]), std::stod((*p)[2]));
    }
    return lines;
}

// The centres of the scatter dots.
std::vector<std::pair<double, double>> dots(const std::string& svg) {
    const std::regex dot(R"re(<circle class="point" cx="([-0-9.]+)" cy="([-0-9.]+)")re");
    std::vector<std::pair<double, double>> out;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), dot); it != std::sregex_iterator(); ++it)
        out.emplace_back(std::stod((*it)[1]), std::stod((*it)[2]));
    return out;
}

Inputs metrics_only() {
    Metrics m;
    m.row("model").set("mae", 0.5);
    Inputs in;
    in.ports["metrics"].push_back(Input{"eval", make_artifact(std::move(m))});
    return in;
}

// profile.rfm's segments output: segment, users.
Table segments_table() {
    Table t;
    t.add_string("segment", {"Champions", "Loyal", "At risk", "Lost"});
    t.add_int64("users", {10, 25, 5, 40});
    return t;
}

// profile.rfm's rfm output, reduced: user, r_score, fm_score, monetary (one score missing).
Table rfm_table() {
    Table t;
    t.add_int64("user", {1, 2, 3, 4, 5, 6, 7});
    t.add_int64("r_score", {1, 1, 2, 5, 5, 5, 3});
    t.add_int64("fm_score", {1, 1, 1, 5, 5, 5, kNullInt});
    t.add_float64("monetary", {10, 30, 5, 100, 200, 300, 7});
    return t;
}

// Inputs with tables from `steps` (labels) in order.
Inputs with_tables(std::vector<std::pair<std::string, Table>> tables) {
    Inputs in = metrics_only();
    for (auto& [label, table] : tables) in.ports["tables"].push_back(Input{label, make_artifact(std::move(table))});
    return in;
}

// A manifest whose step "report" reads metrics from eval and the given tables (step, output) in order.
Json manifest_with_tables(const std::vector<std::pair<std::string, std::string>>& tables) {
    Json inputs = Json::array({{{"port", "metrics"}, {"step", "eval"}, {"output", "metrics"}}});
    for (const auto& [step, output] : tables) inputs.push_back({{"port", "tables"}, {"step", step}, {"output", output}});
    return Json{{"pipeline", {{"name", "profiles"}}},
                {"steps", {{{"id", "rfm"}, {"operator", "profile.rfm"}, {"inputs", Json::array()}},
                           {{"id", "report"}, {"operator", "report.html"}, {"inputs", inputs}}}}};
}

// Renders and returns the error message (or "" when it rendered).
std::string error_of(const Inputs& inputs, const Json& params, const Json* manifest = nullptr) {
    try {
        render(inputs, params, manifest);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("charts is an optional map param and report.html is at version 0.3.0") {
    auto& registry = testing::registry_with("persona_reports");
    const OperatorSpec& spec = registry.get("report.html").spec;
    CHECK(spec.version == "0.3.0");
    REQUIRE(spec.find_param("charts"));
    CHECK(spec.find_param("charts")->type == ParamType::MapList);
    CHECK(spec.find_param("charts")->default_value == Json::array());
    const std::string html = render(metrics_only(), Json::object());
    CHECK_FALSE(contains(html, "id=\"charts\""));  // no charts: no section, no nav link
    CHECK_FALSE(contains(html, "href=\"#charts\""));
}

TEST_CASE("bars: one bar per label with its value printed, largest first, lengths proportional") {
    Inputs in = with_tables({{"rfm", segments_table()}});
    Json params = {{"charts", {{"sizes", {{"table", "rfm"}, {"kind", "bars"}, {"label", "segment"}, {"value", "users"},
                                          {"title", "Segment sizes"}}}}}};
    const std::string html = render(in, params);
    CHECK(contains(html, "<a href=\"#charts\">Charts</a>"));
    const std::string fig = figure(html, 0);
    CHECK(contains(fig, "aria-label=\"Segment sizes\""));
    CHECK(contains(fig, ">Segment sizes</text>"));
    CHECK(contains(fig, "<figcaption>bars of table <code>rfm</code></figcaption>"));
    // users 10, 25, 5, 40 -> Lost 40, Loyal 25, Champions 10, At risk 5.
    CHECK(bar_labels(fig) == std::vector<std::string>{"Lost", "Loyal", "Champions", "At risk"});
    const std::vector<double> widths = bar_widths(fig);
    REQUIRE(widths.size() == 4);
    CHECK(widths[1] / widths[0] == Approx(25.0 / 40).margin(0.01));
    CHECK(widths[3] / widths[0] == Approx(5.0 / 40).margin(0.01));
    for (const char* value : {">40</text>", ">25</text>", ">10</text>", ">5</text>"}) CHECK(contains(fig, value));
    // Column headers name the label and the value.
    CHECK(contains(fig, "fill=\"#616e7c\">segment</text>"));
    CHECK(contains(fig, "fill=\"#616e7c\">users</text>"));
}

TEST_CASE("bars without a value count rows per label; sort and limit pick the bars") {
    Table events;
    events.add_string("type", {"view", "view", "cart", "view", "purchase", "cart"});
    Inputs in = with_tables({{"events", std::move(events)}});
    auto chart = [&](Json extra) {
        Json spec = {{"table", "events"}, {"kind", "bars"}, {"label", "type"}};
        spec.update(extra);
        return figure(render(in, Json{{"charts", {{"c", spec}}}}), 0);
    };
    // view 3, cart 2, purchase 1.
    std::string fig = chart(Json::object());
    CHECK(bar_labels(fig) == std::vector<std::string>{"view", "cart", "purchase"});
    CHECK(contains(fig, ">3</text>"));
    CHECK(contains(fig, "fill=\"#616e7c\">rows</text>"));
    CHECK(contains(fig, "aria-label=\"c\""));  // the map key is the default title
    CHECK(bar_labels(chart({{"sort", "label"}})) == std::vector<std::string>{"cart", "purchase", "view"});
    CHECK(bar_labels(chart({{"sort", "none"}})) == std::vector<std::string>{"view", "cart", "purchase"});
    fig = chart({{"limit", 2}});
    CHECK(bar_labels(fig) == std::vector<std::string>{"view", "cart"});
    CHECK(contains(fig, "2 of 3 labels shown (limit 2)."));
    // mean of a value per label: view rows 1, 2, 4 -> mean (10 + 20 + 60) / 3 = 30.
    Table priced;
    priced.add_string("type", {"view", "view", "cart", "view"});
    priced.add_float64("price", {10, 20, 5, 60});
    Inputs in2 = with_tables({{"events", std::move(priced)}});
    fig = figure(render(in2, Json{{"charts", {{"c", {{"table", "events"}, {"kind", "bars"}, {"label", "type"},
                                                     {"value", "price"}, {"agg", "mean"}}}}}}),
                 0);
    CHECK(bar_labels(fig) == std::vector<std::string>{"view", "cart"});
    CHECK(contains(fig, ">30</text>"));
    CHECK(contains(fig, "fill=\"#616e7c\">mean price</text>"));
}

TEST_CASE("heatmap: the RFM grid counts users per (r_score, fm_score), empty cells in x_order show 0") {
    Inputs in = with_tables({{"rfm", rfm_table()}});
    Json params = {{"charts", {{"grid", {{"table", "rfm"}, {"kind", "heatmap"}, {"x", "r_score"}, {"y", "fm_score"},
                                         {"x_order", {1, 2, 3, 4, 5}}}}}}};
    Rendered run = run_report(in, params);
    const std::string fig = figure(run.html, 0);
    // (r, fm) = (1,1) x2, (2,1), (5,5) x3; user 7 has no fm_score. Rows fm 1, 5; columns r 1..5.
    CHECK(cell_texts(fig) == std::vector<std::string>{"2", "1", "0", "0", "0", "0", "0", "0", "0", "3"});
    CHECK(contains(fig, "1 row without an x or y left out."));
    CHECK(run.notes["chart_rows_left_out"]["grid"] == 1);
    CHECK(contains(fig, ">r_score</text>"));   // x axis name
    CHECK(contains(fig, ">fm_score</text>"));  // y axis name
    CHECK(contains(fig, ">rows</text>"));      // legend
    // The darkest cell holds the largest count, the lightest the smallest.
    CHECK(contains(fig, "fill=\"#1d4f8c\"/><text x=") );
    CHECK(count(fig, "class=\"cell\"") == 10);
}

TEST_CASE("heatmap: a value column is summed or averaged per cell, cells without rows show a dash") {
    Inputs in = with_tables({{"rfm", rfm_table()}});
    auto cells = [&](const char* agg) {
        Json spec = {{"table", "rfm"}, {"kind", "heatmap"}, {"x", "r_score"}, {"y", "fm_score"},
                     {"value", "monetary"}, {"agg", agg}, {"y_order", {5, 1}}};
        return cell_texts(figure(render(in, Json{{"charts", {{"m", spec}}}}), 0));
    };
    const std::string dash = "\xE2\x80\x93";
    // Rows fm 5 then 1 (y_order); columns r 1, 2, 5. fm 5: r 5 has 100 + 200 + 300; fm 1: r 1 has 10 + 30, r 2 has 5.
    CHECK(cells("sum") == std::vector<std::string>{dash, dash, "600", "40", "5", dash});
    CHECK(cells("mean") == std::vector<std::string>{dash, dash, "200", "20", "5", dash});
}

TEST_CASE("heatmap: weekday x hour activity from a unix-seconds column") {
    Table events;
    // Mon 1970-01-05 09:10, 09:50, 10:00; Sun 1970-01-11 09:30.
    events.add_int64("ts", {378600, 378600 + 2400, 345600 + 36000, 898200});
    Inputs in = with_tables({{"events", std::move(events)}});
    Json params = {{"charts", {{"a", {{"table", "events"}, {"kind", "heatmap"}, {"x", "hour(ts)"},
                                      {"y", "weekday(ts)"}}}}}};
    const std::string fig = figure(render(in, params), 0);
    // Every weekday (rows, Monday first) and every hour (columns 0..23), empty ones counting 0.
    const std::vector<std::string> cells = cell_texts(fig);
    REQUIRE(cells.size() == 7 * 24);
    CHECK(cells[0 * 24 + 9] == "2");  // Mon 9h
    CHECK(cells[0 * 24 + 10] == "1");  // Mon 10h
    CHECK(cells[6 * 24 + 9] == "1");  // Sun 9h
    CHECK(std::count(cells.begin(), cells.end(), "0") == 7 * 24 - 3);
    CHECK(fig.find(">Mon</text>") < fig.find(">Tue</text>"));
    CHECK(fig.find(">Sat</text>") < fig.find(">Sun</text>"));
    CHECK(contains(fig, ">23</text>"));
    CHECK(contains(fig, ">hour(ts)</text>"));
    CHECK(contains(fig, ">weekday(ts)</text>"));

    // As bars: every weekday, in weekday order with sort: label.
    Json bars = {{"charts", {{"b", {{"table", "events"}, {"kind", "bars"}, {"label", "weekday(ts)"}, {"sort", "label"}}}}}};
    CHECK(bar_labels(figure(render(in, bars), 0)) ==
          std::vector<std::string>{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"});
}

TEST_CASE("a confusion table: a heatmap over (true, predicted, count) of one model") {
    Table confusion;
    confusion.add_string("model", {"mlp", "mlp", "mlp", "gbdt"});
    confusion.add_string("true", {"a", "a", "b", "a"});
    confusion.add_string("predicted", {"a", "b", "b", "a"});
    confusion.add_int64("count", {7, 2, 5, 9});
    Inputs in = with_tables({{"clf", std::move(confusion)}});
    Json params = {{"charts", {{"cm", {{"table", "clf"}, {"kind", "heatmap"}, {"x", "predicted"}, {"y", "true"},
                                       {"value", "count"}, {"where", {{"model", "mlp"}}}}}}}};
    const std::string fig = figure(render(in, params), 0);
    CHECK(cell_texts(fig) == std::vector<std::string>{"7", "2", "\xE2\x80\x93", "5"});  // true a: 7, 2; true b: -, 5
    CHECK(contains(fig, "Rows where model = mlp: 3 of 4 rows."));
}

TEST_CASE("lines: one polyline per y column through the rows in x order, on one scale") {
    Table by_frequency;
    by_frequency.add_int64("frequency", {2, 0, 1});
    by_frequency.add_float64("mean_actual", {2.5, 0.2, 1.1});
    by_frequency.add_float64("mean_predicted", {2.0, 0.3, 1.0});
    Inputs in = with_tables({{"value", std::move(by_frequency)}});
    Json params = {{"charts", {{"calibration", {{"table", "value"}, {"kind", "lines"}, {"x", "frequency"},
                                                {"y", {"mean_actual", "mean_predicted"}}}}}}};
    const std::string fig = figure(render(in, params), 0);
    const auto lines = polylines(fig);
    REQUIRE(lines.size() == 2);
    REQUIRE(lines[0].size() == 3);
    REQUIRE(lines[1].size() == 3);
    // x = 0, 1, 2: ascending and evenly spaced.
    CHECK(lines[0][0].first < lines[0][1].first);
    CHECK(lines[0][1].first - lines[0][0].first == Approx(lines[0][2].first - lines[0][1].first).margin(0.2));
    // Actual 0.2, 1.1, 2.5 by frequency: y grows down the page, so (y0 - y1) / (y0 - y2) = 0.9 / 2.3.
    const auto& a = lines[0];
    CHECK((a[0].second - a[1].second) / (a[0].second - a[2].second) == Approx(0.9 / 2.3).margin(0.005));
    // Both series share the scale: predicted 2.0 at x=2 sits at 2.0 / 2.5 of actual's 2.5 above the zero tick.
    // Ticks run 0 .. 2.5 in steps of 0.5, so the plot bottom is value 0.
    const double zero = a[0].second + 0.2 / (2.5 - 0.2) * (a[0].second - a[2].second);
    CHECK((zero - lines[1][2].second) / (zero - a[2].second) == Approx(2.0 / 2.5).margin(0.005));
    for (const char* tick : {">0</text>", ">0.5</text>", ">1</text>", ">1.5</text>", ">2</text>", ">2.5</text>"})
        CHECK(contains(fig, tick));
    CHECK(contains(fig, ">mean_actual</text>"));     // legend
    CHECK(contains(fig, ">mean_predicted</text>"));
    CHECK(contains(fig, ">frequency</text>"));       // x axis name
    CHECK(count(fig, "<circle") == 6);               // every point marked
    CHECK(contains(fig, "aria-label=\"calibration\""));  // the map key is the title
}

TEST_CASE("scatter: one dot per row with both values, sampled evenly when over the limit") {
    Table customers;
    customers.add_float64("expected_purchases", {0.5, 1.0, NAN, 2.0, 4.0});
    customers.add_int64("holdout_purchases", {0, 1, 3, 2, 4});
    Inputs in = with_tables({{"bgnbd", std::move(customers)}});
    Json spec = {{"table", "bgnbd"}, {"kind", "scatter"}, {"x", "expected_purchases"}, {"y", "holdout_purchases"},
                 {"diagonal", true}};
    std::string fig = figure(render(in, Json{{"charts", {{"s", spec}}}}), 0);
    auto points = dots(fig);
    REQUIRE(points.size() == 4);
    CHECK(contains(fig, "1 row without an x or y left out."));
    CHECK(contains(fig, ">y = x</text>"));
    // The points (0.5, 0), (1, 1), (2, 2), (4, 4): the last three lie on one line through both axes' shared scale.
    const double slope = (points[2].second - points[1].second) / (points[2].first - points[1].first);
    CHECK((points[3].second - points[2].second) / (points[3].first - points[2].first) == Approx(slope).margin(0.01));
    CHECK(points[1].first - points[0].first == Approx((points[2].first - points[1].first) / 2).margin(0.2));

    spec["limit"] = 2;  // 4 rows with values, limit 2: rows 0 and 2 of them -> (0.5, 0) and (2, 2)
    fig = figure(render(in, Json{{"charts", {{"s", spec}}}}), 0);
    REQUIRE(dots(fig).size() == 2);
    CHECK(captures(fig, R"re(<circle class="point"[^>]*><title>([^<]*)</title>)re") ==
          std::vector<std::string>{"0.5, 0", "2, 2"});
    CHECK(contains(fig, "2 of 4 points drawn (evenly spaced rows; limit 2)."));
}

TEST_CASE("step.output labels resolve through the run manifest, by position among the tables inputs") {
    Inputs in = with_tables({{"rfm", rfm_table()}, {"rfm", segments_table()}});
    Json manifest = manifest_with_tables({{"rfm", "rfm"}, {"rfm", "segments"}});
    Json params = {{"charts", {{"a", {{"table", "rfm.segments"}, {"kind", "bars"}, {"label", "segment"},
                                      {"value", "users"}}},
                               {"b", {{"table", "rfm.rfm"}, {"kind", "bars"}, {"label", "r_score"}, {"sort", "label"}}}}}};
    const std::string html = render(in, params, &manifest);
    CHECK(bar_labels(figure(html, 0)) == std::vector<std::string>{"Lost", "Loyal", "Champions", "At risk"});
    CHECK(contains(figure(html, 0), "<code>rfm.segments</code>"));
    CHECK(bar_labels(figure(html, 1)) == std::vector<std::string>{"1", "2", "3", "5"});

    // "rfm" alone names two inputs.
    Json ambiguous = {{"charts", {{"a", {{"table", "rfm"}, {"kind", "bars"}, {"label", "segment"}}}}}};
    std::string message = error_of(in, ambiguous, &manifest);
    CHECK(contains(message, "table 'rfm' is ambiguous"));
    CHECK(contains(message, "rfm.rfm, rfm.segments"));
    // Without a manifest the outputs are unknown: step.output cannot resolve.
    message = error_of(in, params);
    CHECK(contains(message, "table 'rfm.segments' is not a tables input"));
    CHECK(contains(message, "without the run manifest only step ids name tables"));
}

TEST_CASE("without a manifest a step id names its only table") {
    Inputs in = with_tables({{"value", segments_table()}, {"rfm", rfm_table()}});
    Json params = {{"charts", {{"a", {{"table", "value"}, {"kind", "bars"}, {"label", "segment"}, {"value", "users"}}}}}};
    CHECK(bar_labels(figure(render(in, params), 0)).size() == 4);
}

TEST_CASE("a chart naming no input or a missing column fails with the chart, the param and what exists") {
    Inputs in = with_tables({{"rfm", rfm_table()}, {"rfm", segments_table()}});
    Json manifest = manifest_with_tables({{"rfm", "rfm"}, {"rfm", "segments"}});
    auto spec = [](Json extra) {
        Json s = {{"table", "rfm.segments"}, {"kind", "bars"}, {"label", "segment"}, {"value", "users"},
                  {"title", "Segment sizes"}};
        s.update(extra);
        return Json{{"charts", {{"a", s}}}};
    };
    std::string message = error_of(in, spec({{"table", "rfm.segmnts"}}), &manifest);
    CHECK(contains(message, "report.html: param 'charts', chart #1 'Segment sizes'"));
    CHECK(contains(message, "table 'rfm.segmnts' is not a tables input (known: rfm.rfm, rfm.segments"));
    CHECK(contains(message, "did you mean 'rfm.segments'?"));

    message = error_of(in, spec({{"value", "user"}}), &manifest);
    CHECK(contains(message, "chart #1 'Segment sizes'"));
    CHECK(contains(message, "column 'user' (value) is not in table 'rfm.segments' (columns: segment, users; did you "
                            "mean 'users'?)"));
    message = error_of(in, spec({{"value", "segment"}}), &manifest);
    CHECK(contains(message, "column 'segment' (value) of table 'rfm.segments' is string; expected int64 or float64"));
    message = error_of(in, spec({{"vaule", "users"}}), &manifest);
    CHECK(contains(message, "key 'vaule' is not used by kind bars"));
    CHECK(contains(message, "did you mean 'value'?"));
    message = error_of(in, spec({{"kind", "pie"}}), &manifest);
    CHECK(contains(message, "'kind' must be one of bars, heatmap, lines, scatter, got 'pie'"));
    message = error_of(with_tables({}), spec(Json::object()));
    CHECK(contains(message, "(known: none)"));
}

TEST_CASE("charts are drawn in param order: names sorted in the map form, list order in the list form") {
    Inputs in = with_tables({{"rfm", segments_table()}});
    auto bars = [](const char* title) {
        return Json{{"table", "rfm"}, {"kind", "bars"}, {"label", "segment"}, {"value", "users"}, {"title", title}};
    };
    const std::string named = render(in, Json{{"charts", {{"b_second", bars("Second")}, {"a_first", bars("First")}}}});
    CHECK(named.find(">First</text>") < named.find(">Second</text>"));
    // The list form (once the kernel's params accept a list of maps) keeps the list's order.
    Json params = kernel::resolve_params(testing::registry_with("persona_reports").get("report.html").spec, Json::object());
    params["charts"] = Json::array({bars("Second"), bars("First")});
    const std::string listed = run_report(in, params, nullptr, false).html;
    CHECK(listed.find(">Second</text>") < listed.find(">First</text>"));
}

TEST_CASE("charts render identical bytes twice and escape every text") {
    Table t;
    t.add_string("<label>", {"<b>&co", "x'y", "<b>&co"});
    t.add_float64("v\"al", {1.5, 2.5, 3});
    t.add_float64("y", {1, 2, 3});
    Inputs in = with_tables({{"odd<step>", std::move(t)}});
    Json params = {{"charts",
                    {{"1", {{"table", "odd<step>"}, {"kind", "bars"}, {"label", "<label>"}, {"value", "v\"al"},
                            {"title", "<script>alert(1)</script>"}}},
                     {"2", {{"table", "odd<step>"}, {"kind", "heatmap"}, {"x", "<label>"}, {"y", "<label>"}}},
                     {"3", {{"table", "odd<step>"}, {"kind", "lines"}, {"x", "y"}, {"y", "v\"al"}}},
                     {"4", {{"table", "odd<step>"}, {"kind", "scatter"}, {"x", "y"}, {"y", "v\"al"}}}}}};
    const std::string html = render(in, params);
    CHECK(html == render(in, params));
    CHECK(count(html, "<figure class=\"chart\">") == 4);
    CHECK_FALSE(contains(html, "<script"));
    CHECK_FALSE(contains(html, "<b>"));
    CHECK_FALSE(contains(html, "<label>"));
    CHECK_FALSE(contains(html, "odd<step>"));
    CHECK(contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    CHECK(contains(html, "&lt;b&gt;&amp;co"));
    CHECK(contains(html, "x&#39;y"));
    CHECK(contains(html, "v&quot;al"));
    CHECK(contains(html, "<code>odd&lt;step&gt;</code>"));
    CHECK(bar_labels(figure(html, 0)) == std::vector<std::string>{"&lt;b&gt;&amp;co", "x&#39;y"});  // 4.5, 2.5
}

TEST_CASE("charts with nothing to draw still render, and a heat map refuses too many categories") {
    Inputs in = with_tables({{"rfm", rfm_table()}});
    auto spec = [](Json s) {
        s["table"] = "rfm";
        s["where"] = {{"r_score", 4}};  // no user has r_score 4
        return s;
    };
    Json params = {{"charts",
                    {{"1", spec({{"kind", "bars"}, {"label", "r_score"}})},
                     {"2", spec({{"kind", "heatmap"}, {"x", "r_score"}, {"y", "fm_score"}})},
                     {"3", spec({{"kind", "lines"}, {"x", "r_score"}, {"y", "monetary"}})},
                     {"4", spec({{"kind", "scatter"}, {"x", "r_score"}, {"y", "monetary"}, {"diagonal", true}})}}}};
    const std::string page = render(in, params);
    const size_t from = page.find("<h2 id=\"charts\">");
    const std::string html = page.substr(from, page.find("<h2 id=\"tables\">") - from);  // the Charts section
    CHECK(count(html, "<figure class=\"chart\">") == 4);
    CHECK(count(html, "Rows where r_score = 4: 0 of 7 rows.") == 4);
    CHECK_FALSE(contains(html, "class=\"bar\""));
    CHECK_FALSE(contains(html, "class=\"cell\""));
    CHECK_FALSE(contains(html, "class=\"point\""));
    CHECK_FALSE(contains(html, "nan"));
    CHECK_FALSE(contains(html, "inf"));

    Table days;  // 61 days in a row: one category too many for a heat-map axis
    std::vector<int64_t> ts;
    for (int64_t d = 0; d < 61; ++d) ts.push_back(d * 86400);
    days.add_int64("ts", ts);
    Inputs many = with_tables({{"events", std::move(days)}});
    const std::string message = error_of(
        many, Json{{"charts", {{"d", {{"table", "events"}, {"kind", "heatmap"}, {"x", "date(ts)"}, {"y", "hour(ts)"}}}}}});
    CHECK(contains(message, "chart #1 'd': x 'date(ts)' has 61 categories; a heat map shows at most 60"));
}
