// The report page layout: one self-contained HTML page (inline CSS, inline SVG, no scripts).
#pragma once
#include <string>

#include "report_content.h"

namespace persona::reports {

// Renders the page: title, Run, Metrics (tables and bar charts), Charts, Tables, Steps, Pipeline.
// All text is HTML-escaped; the same content always gives the same bytes.
std::string render_report_page(const ReportContent& content);

}  // namespace persona::reports
