// ReportContent: everything a report page shows, gathered from the inputs and the run manifest.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "chart_data.h"
#include "metrics_grid.h"
#include "persona/table.h"

namespace persona::reports {

// One data file the run read, with its content hash.
struct DataInput {
    std::string step, param, path, hash;
};

// One pipeline step as the manifest describes it (params, inputs and notes as compact text).
struct StepSummary {
    std::string id, op, version;
    std::string inputs;   // "events.events, split.train"
    std::string params;   // compact JSON ("" = none)
    std::string notes;    // compact JSON ("" = none)
    bool has_bad_rows = false;  // notes.bad_rows > 0
};

// The deterministic facts of the run (every field may be empty when the manifest lacks it).
struct RunSummary {
    bool has_manifest = false;
    std::string pipeline_name, pipeline_file, seed, device;
    std::string pipeline_doc;     // the pipeline's `doc:` ("" = none)
    std::string pipeline_params;  // compact JSON ("" = none)
    std::string pipeline_text;
    std::vector<DataInput> data;
    std::vector<StepSummary> steps;
};

// One metrics input, labelled by the step that produced it.
struct MetricsBlock {
    std::string label;
    MetricsGrid grid;
};

// One table input shown as a preview; points into the step's input artifact.
struct TableBlock {
    std::string label;
    const Table* table = nullptr;
};

// The whole page.
struct ReportContent {
    std::string title;
    RunSummary run;
    std::vector<MetricsBlock> metrics;
    std::vector<ChartBlock> charts;  // the charts param, in its order
    std::vector<TableBlock> tables;
    int64_t max_rows = 20;  // rows shown per table
};

}  // namespace persona::reports
