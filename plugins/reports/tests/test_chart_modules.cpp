// The chart modules directly: reading chart specs, naming tables inputs from the manifest, reading category and
// number columns (calendar parts included), row filters and close-name suggestions.
#include <catch2/catch.hpp>

#include <cmath>

#include "chart_columns.h"
#include "chart_inputs.h"
#include "chart_spec.h"
#include "persona/names.h"
#include "persona/error.h"

using namespace persona;
using namespace persona::reports;

namespace {

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("chart specs: defaults per kind and titles made from the columns") {
    const Json param = Json::array({
        {{"table", "rfm.segments"}, {"kind", "bars"}, {"label", "segment"}, {"value", "users"}},
        {{"table", "rfm"}, {"kind", "heatmap"}, {"x", "r_score"}, {"y", "fm_score"}, {"x_order", {5, 4, "3"}}},
        {{"table", "value"}, {"kind", "lines"}, {"x", "frequency"}, {"y", "mean_actual"}},
        {{"table", "bgnbd"}, {"kind", "scatter"}, {"x", "a"}, {"y", "b"}, {"title", "Mine"}},
        {{"table", "rfm"}, {"kind", "bars"}, {"label", "segment"}, {"value", "monetary"}, {"agg", "mean"}},
    });
    const std::vector<ChartSpec> specs = read_chart_specs(param);
    REQUIRE(specs.size() == 5);
    CHECK(specs[0].position == 1);
    CHECK(specs[0].kind == ChartKind::Bars);
    CHECK(specs[0].agg == Aggregate::Sum);
    CHECK(specs[0].sort == BarOrder::Value);
    CHECK(specs[0].limit == kDefaultBarLimit);
    CHECK(specs[0].title == "users by segment");
    CHECK(specs[1].agg == Aggregate::Count);
    CHECK(specs[1].x_order == std::vector<std::string>{"5", "4", "3"});
    CHECK(specs[1].title == "rows by fm_score and r_score");
    CHECK(specs[2].ys == std::vector<std::string>{"mean_actual"});
    CHECK(specs[2].title == "mean_actual by frequency");
    CHECK(specs[3].limit == kDefaultScatterLimit);
    CHECK(specs[3].title == "Mine");
    CHECK(specs[3].describe() == "chart #4 'Mine'");
    CHECK(specs[4].title == "mean monetary by segment");
}

TEST_CASE("chart specs: the named form is drawn in name order with the name as title") {
    const Json param = {{"b", {{"table", "t"}, {"kind", "bars"}, {"label", "x"}}},
                        {"a", {{"table", "t"}, {"kind", "scatter"}, {"x", "x"}, {"y", "y"}}}};
    const std::vector<ChartSpec> specs = read_chart_specs(param);
    REQUIRE(specs.size() == 2);
    CHECK(specs[0].title == "a");
    CHECK(specs[0].kind == ChartKind::Scatter);
    CHECK(specs[1].title == "b");
    // A list holding one named map (what a list param makes of a single map) reads the same.
    CHECK(read_chart_specs(Json::array({param})).size() == 2);
    CHECK(read_chart_specs(Json::object()).empty());
    CHECK(read_chart_specs(Json()).empty());
}

TEST_CASE("chart specs: bad shapes fail naming the param, the chart and the key") {
    auto error = [](Json chart) { return error_of([&] { read_chart_specs(Json::array({chart})); }); };
    const Json bars = {{"table", "t"}, {"kind", "bars"}, {"label", "x"}};
    auto with = [&](Json extra) {
        Json c = bars;
        c.update(extra);
        return c;
    };
    CHECK(contains(error(Json::object({{"kind", "bars"}, {"label", "x"}})), "param 'charts', chart #1: missing 'table'"));
    CHECK(contains(error(with({{"title", "T"}, {"label", 3}})), "chart #1 'T': 'label' must be a non-empty string, got 3"));
    CHECK(contains(error(with({{"sort", "size"}})), "'sort' must be one of value, label, none, got 'size'"));
    CHECK(contains(error(with({{"limit", -1}})), "'limit' must be an integer >= 0 (0 = all), got -1"));
    CHECK(contains(error(with({{"agg", "sum"}})), "agg 'sum' needs a 'value' column"));
    CHECK(contains(error(with({{"value", "v"}, {"agg", "count"}})), "agg 'count' counts rows: leave out 'value'"));
    CHECK(contains(error(with({{"x", "a"}})), "key 'x' is not used by kind bars (its keys: table, kind, title, where, "
                                              "label, value, agg, sort, limit)"));
    CHECK(contains(error(with({{"where", {{"model", Json::array()}}}})), "'where' value of column 'model'"));
    CHECK(contains(error({{"table", "t"}, {"kind", "heatmap"}, {"x", "a"}}), "missing 'y'"));
    CHECK(contains(error({{"table", "t"}, {"kind", "lines"}, {"x", "a"}, {"y", Json::array()}}), "'y' lists no column"));
    CHECK(contains(error({{"table", "t"}, {"kind", "scatter"}, {"x", "a"}, {"y", "b"}, {"diagonal", "yes"}}),
                   "'diagonal' must be true or false"));
    CHECK(contains(error_of([] { read_chart_specs(Json(3)); }), "param 'charts', expected a list of chart maps"));
    CHECK(contains(error(Json("bars")), "chart #1: expected a map"));
}

TEST_CASE("tables inputs are named step.output from this step's manifest entry, by position") {
    const Json manifest = {{"steps",
                            {{{"id", "other"}, {"inputs", {{{"port", "tables"}, {"step", "x"}, {"output", "y"}}}}},
                             {{"id", "report"},
                              {"inputs",
                               {{{"port", "metrics"}, {"step", "eval"}, {"output", "metrics"}},
                                {{"port", "tables"}, {"step", "split"}, {"output", "train"}},
                                {{"port", "tables"}, {"step", "split"}, {"output", "test"}},
                                {{"port", "tables"}, {"step", "rfm"}, {"output", "segments"}}}}}}}};
    const auto names = name_table_inputs(manifest, "report", {"split", "split", "rfm"});
    REQUIRE(names.size() == 3);
    CHECK(names[1].label() == "split.test");
    CHECK(known_table_labels(names) == std::vector<std::string>{"split.train", "split.test", "rfm.segments", "rfm"});
    CHECK(find_table_input("split.test", names, "w") == 1);
    CHECK(find_table_input("rfm", names, "w") == 2);
    CHECK(find_table_input("rfm.segments", names, "w") == 2);
    CHECK(contains(error_of([&] { find_table_input("split", names, "w"); }),
                   "w: table 'split' is ambiguous: step 'split' feeds 2 tables inputs (split.train, split.test)"));
    // A manifest that disagrees with the inputs (or lacks this step) names steps only.
    CHECK(name_table_inputs(manifest, "report", {"split", "rfm"})[0].output.empty());
    CHECK(name_table_inputs(manifest, "nobody", {"split"})[0].label() == "split");
    CHECK(name_table_inputs(Json::array(), "report", {"split"})[0].label() == "split");
}

TEST_CASE("category columns: integers ascending, strings by text, calendar parts of unix seconds") {
    Table t;
    t.add_int64("score", {5, 1, kNullInt, 3, 1});
    t.add_string("segment", {"b", "a", "c", "a", "b"});
    // 2011-12-09 Fri 12:50, 2000-02-29 Tue 23:59:59, 1970-01-01 Thu 00:00, 1969-12-31 Wed 23:59:59, null.
    t.add_int64("ts", {1323435000, 951868799, 0, -1, kNullInt});
    t.add_float64("amount", {1.5, 2, NAN, 4, 5});
    const ChartSource source{t, "rfm", "w"};

    CategoryColumn scores = read_category_column(source, "score", "x");
    CHECK(scores.labels == std::vector<std::string>{"1", "3", "5"});
    CHECK(scores.codes == std::vector<int64_t>{2, 0, -1, 1, 0});
    CategoryColumn segments = read_category_column(source, "segment", "x");
    CHECK(segments.labels == std::vector<std::string>{"a", "b", "c"});
    CHECK(segments.codes == std::vector<int64_t>{1, 0, 2, 0, 1});
    CHECK_FALSE(scores.full_domain);
    const CategoryColumn hours = read_category_column(source, "hour(ts)", "x");
    CHECK(hours.labels.size() == 24);  // every hour, with rows or not
    CHECK(hours.full_domain);
    CHECK(hours.codes == std::vector<int64_t>{12, 23, 0, 23, -1});
    const CategoryColumn weekdays = read_category_column(source, "weekday(ts)", "x");
    CHECK(weekdays.labels == std::vector<std::string>{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"});
    CHECK(weekdays.codes == std::vector<int64_t>{4, 1, 3, 2, -1});
    CHECK(read_category_column(source, "month(ts)", "x").labels ==
          std::vector<std::string>{"1969-12", "1970-01", "2000-02", "2011-12"});
    CHECK(read_category_column(source, "date(ts)", "x").labels ==
          std::vector<std::string>{"1969-12-31", "1970-01-01", "2000-02-29", "2011-12-09"});

    CHECK(contains(error_of([&] { read_category_column(source, "amount", "label"); }),
                   "w: column 'amount' (label) of table 'rfm' is float64; expected int64 or string"));
    CHECK(contains(error_of([&] { read_category_column(source, "hour(segment)", "x"); }),
                   "column 'segment' (x) of table 'rfm' is string; expected int64 unix seconds"));
    CHECK(contains(error_of([&] { read_category_column(source, "hour(time)", "x"); }),
                   "column 'time' (x) is not in table 'rfm' (columns: score, segment, ts, amount)"));
    const std::vector<double> amounts = read_number_column(source, "amount", "value");
    CHECK(amounts[0] == 1.5);
    CHECK(std::isnan(amounts[2]));
    CHECK(read_number_column(source, "score", "value")[0] == 5);
    CHECK(std::isnan(read_number_column(source, "score", "value")[2]));
}

TEST_CASE("row filters keep the rows whose value equals the filter's") {
    Table t;
    t.add_string("model", {"mlp", "gbdt", "mlp"});
    t.add_int64("k", {1, 2, 1});
    t.add_float64("w", {0.5, 0.5, 1});
    const ChartSource source{t, "t", "w"};
    CHECK(filter_rows(source, {}) == std::vector<bool>{true, true, true});
    CHECK(filter_rows(source, {{"model", "mlp"}}) == std::vector<bool>{true, false, true});
    CHECK(filter_rows(source, {{"model", "mlp"}, {"k", 1}, {"w", 1.0}}) == std::vector<bool>{false, false, true});
    CHECK(filter_rows(source, {{"k", "2"}}) == std::vector<bool>{false, true, false});
    CHECK(filter_rows(source, {{"model", "svm"}}) == std::vector<bool>{false, false, false});
    CHECK(contains(error_of([&] { filter_rows(source, {{"modle", "mlp"}}); }), "did you mean 'model'?"));
}
