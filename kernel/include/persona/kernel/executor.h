// Executor: runs a plan against the store — cache lookups, parallel steps, run records, file outputs.
#pragma once
#include <atomic>
#include <filesystem>
#include <string>

#include "persona/kernel/plan.h"
#include "persona/kernel/store.h"

namespace persona::kernel {

// How to run.
struct RunOptions {
    bool use_cache = true;          // false = run every step (outputs are stored again)
    std::string only;               // run just this step and what it needs ("" = all)
    int jobs = 2;                   // steps that may run at once
    int threads = 0;                // intra-op threads per step (0 = all cores)
    bool show_progress = true;      // progress lines on stderr
    std::atomic<bool>* cancel = nullptr;   // set to stop (Ctrl-C)
    std::filesystem::path outputs_dir;     // where Files artifacts are written; "" = nowhere
};

// The result: the run id and its record (see README "Run records"); record["status"] is "ok" or "failed".
struct RunOutcome {
    int64_t run_id = 0;
    Json record;
    bool ok() const { return record.value("status", std::string()) == "ok"; }
};

// Runs the plan. A failing step does not throw: the run is recorded as failed with the error.
RunOutcome run_plan(const Plan& plan, const PluginRegistry& registry, Store& store, const RunOptions& options);

// The seed a step sees: derived from the pipeline seed and the step id.
uint64_t derive_seed(uint64_t pipeline_seed, const std::string& step_id);

// Content hash of a file, or of every regular file under a folder (names and bytes, sorted by path).
std::string hash_path(const std::filesystem::path& path);

}  // namespace persona::kernel
