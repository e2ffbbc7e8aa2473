#include "report_html.h"

#include "chart_data.h"
#include "chart_inputs.h"
#include "chart_spec.h"
#include "html_page.h"
#include "manifest_reader.h"
#include "persona/error.h"

namespace persona::reports {

namespace {

constexpr const char* kDefaultTitle = "Persona report";

// The input's label, or "port #n" when the producing step left it empty.
std::string label_of(const Input& input, const char* port, size_t index) {
    return input.label.empty() ? std::string(port) + " #" + std::to_string(index + 1) : input.label;
}

// Throws a clear Error when an input is missing or holds another kind than expected.
void check_kind(const Input& input, const char* port, size_t index, Kind expected) {
    const std::string where = "report.html: input '" + std::string(port) + "' #" + std::to_string(index + 1) +
                              " (from step '" + input.label + "')";
    const std::string wanted = std::string("; expected a ") + to_string(expected) + " artifact";
    if (!input.artifact) throw Error(where + " holds no artifact" + wanted);
    if (input.artifact->kind() != expected)
        throw Error(where + " holds a " + to_string(input.artifact->kind()) + " artifact" + wanted);
}

std::vector<MetricsBlock> collect_metrics(const Inputs& inputs) {
    std::vector<MetricsBlock> blocks;
    const auto& all = inputs.all("metrics");
    for (size_t i = 0; i < all.size(); ++i) {
        check_kind(all[i], "metrics", i, Kind::Metrics);
        blocks.push_back(MetricsBlock{label_of(all[i], "metrics", i), build_metrics_grid(all[i].artifact->metrics())});
    }
    return blocks;
}

std::vector<TableBlock> collect_tables(const Inputs& inputs) {
    std::vector<TableBlock> blocks;
    const auto& all = inputs.all("tables");
    for (size_t i = 0; i < all.size(); ++i) {
        check_kind(all[i], "tables", i, Kind::Table);
        blocks.push_back(TableBlock{label_of(all[i], "tables", i), &all[i].artifact->table()});
    }
    return blocks;
}

// The charts param drawn from the tables inputs; rows a chart had to leave out are noted per chart title.
std::vector<ChartBlock> collect_charts(Context& ctx, const Inputs& inputs, const Json& charts_param) {
    const std::vector<ChartSpec> specs = read_chart_specs(charts_param);
    if (specs.empty()) return {};
    const auto& tables = inputs.all("tables");
    std::vector<std::string> steps;
    for (const Input& input : tables) steps.push_back(input.label);
    const std::vector<TableInputName> names = name_table_inputs(ctx.run_manifest(), ctx.step_id(), steps);
    std::vector<ChartBlock> charts;
    Json left_out = Json::object();
    for (const ChartSpec& spec : specs) {
        const std::string where = "report.html: param 'charts', " + spec.describe();
        const size_t index = find_table_input(spec.table, names, where);
        const ChartSource source{tables[index].artifact->table(), names[index].label(), where};
        charts.push_back(build_chart(spec, source));
        if (charts.back().rows_left_out > 0) left_out[spec.title] = charts.back().rows_left_out;
    }
    if (!left_out.empty()) ctx.note("chart_rows_left_out", left_out);
    return charts;
}

// The title param, else the pipeline name, else a generic title.
std::string choose_title(const std::string& param_title, const RunSummary& run) {
    if (!param_title.empty()) return param_title;
    if (!run.pipeline_name.empty()) return run.pipeline_name;
    return kDefaultTitle;
}

}  // namespace

OperatorSpec report_html_spec() {
    OperatorSpec spec;
    spec.name = "report.html";
    spec.version = "0.3.0";
    spec.doc = "One self-contained HTML page: run facts, metrics tables with SVG bar charts, charts of tables (bars, "
               "heat maps, lines, scatter plots), tables, steps, pipeline";
    spec.reads_run_manifest = true;
    spec.input("metrics", Kind::Metrics, "metrics to tabulate and chart, one section per producing step", true, true);
    spec.input("tables", Kind::Table,
               "small tables shown as HTML tables (first max_rows rows); tables with an epoch column (training "
               "curves) as line charts",
               true, true);
    spec.output("report", Kind::Files, "index.html");
    spec.param("title", ParamType::String, "", "page title; empty = the pipeline name");
    spec.param("max_rows", ParamType::Int, 20, "rows shown per table").range(1, 10000);
    spec.param("charts", ParamType::MapList, Json::array(),
               "charts of tables inputs: name -> {table: step.output or step, kind: bars|heatmap|lines|scatter, "
               "title, columns...} drawn in name order (see README)");
    return spec;
}

Outputs run_report_html(Context& ctx, const Inputs& inputs, const Params& params) {
    ReportContent content;
    content.run = read_run_manifest(ctx.run_manifest());
    if (!content.run.has_manifest) ctx.warn("report.html: no run manifest; the Run, Steps and Pipeline sections are empty");
    content.title = choose_title(params.text("title"), content.run);
    content.max_rows = params.integer("max_rows");
    content.metrics = collect_metrics(inputs);
    content.tables = collect_tables(inputs);
    content.charts = collect_charts(ctx, inputs, params.has("charts") ? params.raw("charts") : Json());
    ctx.progress(0.5, "rendering");

    Files files;
    files.files.push_back(Files::File{"index.html", render_report_page(content)});
    ctx.progress(1.0, "done");
    return {{"report", make_artifact(std::move(files))}};
}

void register_report_html(Registry& registry) { registry.add_operator(report_html_spec(), run_report_html); }

}  // namespace persona::reports
