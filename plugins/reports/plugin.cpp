// The persona_reports plugin: registers the report operators.
#include "persona/plugin.h"
#include "report_html.h"

namespace {

void register_reports(persona::Registry& registry) { persona::reports::register_report_html(registry); }

}  // namespace

PERSONA_PLUGIN("persona_reports", "0.1.0", register_reports)
