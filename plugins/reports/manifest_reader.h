// Reads the run manifest (pipeline, steps, data hashes) defensively: any field may be missing.
#pragma once
#include "persona/artifact.h"
#include "report_content.h"

namespace persona::reports {

// The run facts found in a manifest; missing or mistyped fields are left empty, never thrown on.
RunSummary read_run_manifest(const Json& manifest);

}  // namespace persona::reports
