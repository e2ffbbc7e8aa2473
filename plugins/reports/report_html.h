// Operator report.html: one self-contained HTML page with the run, metrics, tables, steps and pipeline.
#pragma once
#include "persona/context.h"
#include "persona/operator.h"
#include "persona/plugin.h"

namespace persona::reports {

// Signature of report.html: inputs metrics (many), tables (many, optional); params title, max_rows, charts.
OperatorSpec report_html_spec();

// Builds Files{index.html} from the inputs and ctx.run_manifest().
Outputs run_report_html(Context& ctx, const Inputs& inputs, const Params& params);

// Adds report.html to the registry.
void register_report_html(Registry& registry);

}  // namespace persona::reports
