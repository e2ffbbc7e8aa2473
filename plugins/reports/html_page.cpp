#include "html_page.h"

#include <cmath>

#include "chart_render.h"
#include "svg.h"
#include "table_preview.h"
#include "text_format.h"
#include "training_curves.h"

namespace persona::reports {

namespace {

constexpr const char* kStyle = R"css(
body{margin:0;background:#eef1f5;color:#1f2933;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1120px;margin:0 auto;padding:24px 32px 40px;background:#fff;min-height:100vh;box-sizing:border-box}
h1{font-size:24px;margin:0 0 2px}
h2{font-size:18px;margin:32px 0 10px;padding-bottom:4px;border-bottom:2px solid #e4e7eb}
h3{font-size:15px;margin:22px 0 6px}
nav{margin:6px 0 0;font-size:13px}
nav a{color:#2f6db5;text-decoration:none;margin-right:16px}
.subtitle{color:#616e7c;margin:0}
table{border-collapse:collapse;font-size:13px;margin:4px 0}
th,td{padding:4px 10px;border-bottom:1px solid #e4e7eb;text-align:left;vertical-align:top}
thead th{background:#f0f4f8;font-weight:600;border-bottom:1px solid #cbd2d9}
tbody th{font-weight:600}
tbody tr:nth-child(even){background:#f9fafb}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.best strong{color:#1d4f8c}
.type,.dir{display:block;font-weight:400;color:#7b8794;font-size:11px}
caption{caption-side:bottom;text-align:left;color:#7b8794;font-size:12px;padding-top:4px}
.null{color:#9aa5b1}
.scroll{overflow-x:auto}
.charts{display:flex;flex-wrap:wrap;gap:14px 32px;margin:14px 0 4px}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-word}
pre{background:#f5f7fa;border:1px solid #e4e7eb;border-radius:4px;padding:12px 14px;overflow-x:auto;font:12px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:3px 18px;margin:0 0 8px}
dl.facts dt{color:#616e7c}
dl.facts dd{margin:0}
.warn{color:#b44d12;font-weight:600}
td.op code{white-space:nowrap}
.empty{color:#7b8794;font-style:italic}
footer{margin-top:36px;color:#9aa5b1;font-size:12px}
details summary{cursor:pointer;color:#616e7c;font-size:13px}
figure.chart{margin:18px 0 8px}
figure.chart figcaption{color:#7b8794;font-size:12px;margin-top:2px}
)css";

// <tag>escaped text</tag>
void append_element(std::string& out, const char* tag, std::string_view text) {
    out += '<';
    out += tag;
    out += '>';
    append_escaped(out, text);
    out += "</";
    out += tag;
    out += '>';
}

// <p class="empty">message</p> for a section with nothing to show.
void append_empty_note(std::string& out, std::string_view message) {
    out += "<p class=\"empty\">";
    append_escaped(out, message);
    out += "</p>";
}

// <h2 id="anchor">heading</h2>
void append_section_heading(std::string& out, const char* anchor, const char* heading) {
    out += "<h2 id=\"";
    out += anchor;
    out += "\">";
    out += heading;
    out += "</h2>";
}

// <dt>name</dt><dd>value</dd>, skipped when value is empty; code=true shows it monospaced.
void append_fact(std::string& out, const char* name, const std::string& value, bool code = false) {
    if (value.empty()) return;
    out += "<dt>";
    out += name;
    out += "</dt><dd>";
    if (code) out += "<code>";
    append_escaped(out, value);
    if (code) out += "</code>";
    out += "</dd>";
}

// <td><code>json</code></td> (an empty cell when json is empty).
void append_code_cell(std::string& out, const std::string& json, bool warn = false) {
    out += warn ? "<td class=\"warn\">" : "<td>";
    if (!json.empty()) {
        out += "<code>";
        append_escaped(out, json);
        out += "</code>";
    }
    out += "</td>";
}

void append_head(std::string& out, const std::string& title) {
    out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
    append_element(out, "title", title);
    out += "<style>";
    out += kStyle;
    out += "</style></head>\n<body><main>\n";
}

void append_header(std::string& out, const ReportContent& content) {
    append_element(out, "h1", content.title);
    const RunSummary& run = content.run;
    if (!run.pipeline_file.empty() || !run.seed.empty()) {
        out += "<p class=\"subtitle\">";
        append_escaped(out, run.pipeline_file.empty() ? run.pipeline_name : run.pipeline_file);
        if (!run.seed.empty()) {
            out += " \xC2\xB7 seed ";
            append_escaped(out, run.seed);
        }
        if (!run.device.empty()) {
            out += " \xC2\xB7 device ";
            append_escaped(out, run.device);
        }
        out += "</p>";
    }
    out += "<nav><a href=\"#run\">Run</a><a href=\"#metrics\">Metrics</a>";
    if (!content.charts.empty()) out += "<a href=\"#charts\">Charts</a>";
    if (!content.tables.empty()) out += "<a href=\"#tables\">Tables</a>";
    out += "<a href=\"#steps\">Steps</a><a href=\"#pipeline\">Pipeline</a></nav>\n";
}

void append_data_inputs(std::string& out, const std::vector<DataInput>& data) {
    out += "<h3>Data inputs</h3>";
    if (data.empty()) {
        append_empty_note(out, "No data files recorded.");
        return;
    }
    out += "<div class=\"scroll\"><table><thead><tr><th>step</th><th>param</th><th>path</th><th>hash</th></tr>"
           "</thead><tbody>";
    for (const DataInput& input : data) {
        out += "<tr>";
        append_element(out, "td", input.step);
        append_element(out, "td", input.param);
        append_code_cell(out, input.path);
        append_code_cell(out, input.hash);
        out += "</tr>";
    }
    out += "</tbody></table></div>\n";
}

void append_run_section(std::string& out, const RunSummary& run) {
    append_section_heading(out, "run", "Run");
    if (!run.has_manifest) {
        append_empty_note(out, "No run manifest was given: pipeline, seed, device and data are unknown.");
        return;
    }
    if (!run.pipeline_doc.empty()) out += "<p class=\"doc\">" + html_escape(run.pipeline_doc) + "</p>\n";
    out += "<dl class=\"facts\">";
    append_fact(out, "pipeline", run.pipeline_name);
    append_fact(out, "file", run.pipeline_file, true);
    append_fact(out, "seed", run.seed);
    append_fact(out, "device", run.device);
    append_fact(out, "params", run.pipeline_params, true);
    out += "<dt>steps</dt><dd>" + std::to_string(run.steps.size()) + "</dd>";
    out += "</dl>\n";
    append_data_inputs(out, run.data);
}

// The header cell of one metric column, with a hint of which direction is better for numbers.
void append_metric_header(std::string& out, const std::string& name, bool numeric, bool lower_better) {
    out += numeric ? "<th class=\"num\">" : "<th>";
    append_escaped(out, name);
    if (!numeric) {
        out += "</th>";
        return;
    }
    out += lower_better ? "<span class=\"dir\">\xE2\x86\x93 lower is better</span>"
                        : "<span class=\"dir\">\xE2\x86\x91 higher is better</span>";
    out += "</th>";
}

// One metric value; numeric_column right-aligns the dash of a missing value with the numbers.
void append_metric_cell(std::string& out, const MetricCell& cell, bool numeric_column) {
    switch (cell.type) {
        case MetricCell::Type::Empty:
            out += numeric_column ? "<td class=\"num\">" : "<td>";
            out += "<span class=\"null\">\xE2\x80\x93</span></td>";
            return;
        case MetricCell::Type::Text: append_element(out, "td", cell.text); return;
        case MetricCell::Type::Number:
            out += cell.best ? "<td class=\"num best\"><strong>" : "<td class=\"num\">";
            append_number(out, cell.number);
            out += cell.best ? "</strong></td>" : "</td>";
            return;
    }
}

void append_metrics_table(std::string& out, const MetricsGrid& grid) {
    out += "<div class=\"scroll\"><table class=\"metrics\"><thead><tr><th></th>";
    for (size_t c = 0; c < grid.columns.size(); ++c)
        append_metric_header(out, grid.columns[c], grid.numeric[c], grid.lower_is_better[c]);
    out += "</tr></thead><tbody>";
    for (size_t r = 0; r < grid.row_labels.size(); ++r) {
        out += "<tr>";
        append_element(out, "th", grid.row_labels[r]);
        for (size_t c = 0; c < grid.columns.size(); ++c) append_metric_cell(out, grid.cells[r][c], grid.numeric[c]);
        out += "</tr>";
    }
    out += "</tbody></table></div>\n";
}

// One bar chart per metric column that has numbers: a bar for each row with a number there.
void append_metric_charts(std::string& out, const MetricsGrid& grid) {
    std::vector<Bar> bars;
    bars.reserve(grid.row_labels.size());
    bool opened = false;
    for (size_t c = 0; c < grid.columns.size(); ++c) {
        bars.clear();
        for (size_t r = 0; r < grid.row_labels.size(); ++r) {
            const MetricCell& cell = grid.cells[r][c];
            if (cell.type == MetricCell::Type::Number) bars.push_back(Bar{grid.row_labels[r], cell.number, cell.best});
        }
        if (bars.empty()) continue;
        if (!opened) out += "<div class=\"charts\">";
        opened = true;
        BarChartStyle style;
        style.title = grid.columns[c];
        append_bar_chart(out, bars, style);
        out += '\n';
    }
    if (opened) out += "</div>\n";
}

void append_metrics_section(std::string& out, const std::vector<MetricsBlock>& blocks) {
    append_section_heading(out, "metrics", "Metrics");
    if (blocks.empty()) append_empty_note(out, "No metrics were given.");
    for (const MetricsBlock& block : blocks) {
        append_element(out, "h3", block.label);
        if (block.grid.row_labels.empty()) {
            append_empty_note(out, "No metric rows.");
            continue;
        }
        append_metrics_table(out, block.grid);
        append_metric_charts(out, block.grid);
    }
}

// One chart: its SVG, then where it comes from and what was left out.
void append_chart_figure(std::string& out, const ChartBlock& chart) {
    out += "<figure class=\"chart\"><div class=\"scroll\">";
    append_chart_svg(out, chart);
    out += "</div><figcaption>";
    out += to_string(chart.kind);
    out += " of table <code>";
    append_escaped(out, chart.table_label);
    out += "</code>";
    for (const std::string& note : chart.notes) {
        out += " \xC2\xB7 ";
        append_escaped(out, note);
    }
    out += "</figcaption></figure>\n";
}

void append_charts_section(std::string& out, const std::vector<ChartBlock>& charts) {
    if (charts.empty()) return;
    append_section_heading(out, "charts", "Charts");
    for (const ChartBlock& chart : charts) append_chart_figure(out, chart);
}

void append_tables_section(std::string& out, const std::vector<TableBlock>& tables, int64_t max_rows) {
    if (tables.empty()) return;
    append_section_heading(out, "tables", "Tables");
    for (const TableBlock& block : tables) {
        append_element(out, "h3", block.label);
        if (is_training_curve(*block.table)) {  // the chart, with the numbers folded away under it
            out += "<div class=\"charts\">";
            append_training_curve_chart(out, *block.table, block.label);
            out += "</div>\n<details><summary>values</summary><div class=\"scroll\">";
            append_table_preview(out, *block.table, max_rows);
            out += "</div></details>\n";
            continue;
        }
        out += "<div class=\"scroll\">";
        append_table_preview(out, *block.table, max_rows);
        out += "</div>\n";
    }
}

void append_steps_section(std::string& out, const std::vector<StepSummary>& steps) {
    append_section_heading(out, "steps", "Steps");
    if (steps.empty()) {
        append_empty_note(out, "No steps recorded.");
        return;
    }
    out += "<div class=\"scroll\"><table class=\"steps\"><thead><tr><th>id</th><th>operator</th><th>version</th>"
           "<th>inputs</th><th>params</th><th>notes</th></tr></thead><tbody>";
    for (const StepSummary& step : steps) {
        out += "<tr>";
        append_element(out, "th", step.id);
        out += "<td class=\"op\"><code>";
        append_escaped(out, step.op);
        out += "</code></td>";
        append_element(out, "td", step.version);
        append_element(out, "td", step.inputs);
        append_code_cell(out, step.params);
        append_code_cell(out, step.notes, step.has_bad_rows);
        out += "</tr>";
    }
    out += "</tbody></table></div>\n";
}

void append_pipeline_section(std::string& out, const std::string& text) {
    append_section_heading(out, "pipeline", "Pipeline");
    if (text.empty()) {
        append_empty_note(out, "No pipeline text recorded.");
        return;
    }
    append_element(out, "pre", text);
    out += '\n';
}

}  // namespace

std::string render_report_page(const ReportContent& content) {
    std::string out;
    out.reserve(32 * 1024 + content.run.pipeline_text.size());
    append_head(out, content.title);
    append_header(out, content);
    append_run_section(out, content.run);
    append_metrics_section(out, content.metrics);
    append_charts_section(out, content.charts);
    append_tables_section(out, content.tables, content.max_rows);
    append_steps_section(out, content.run.steps);
    append_pipeline_section(out, content.run.pipeline_text);
    out += "<footer>Made by Persona report.html</footer>\n</main></body></html>\n";
    return out;
}

}  // namespace persona::reports
