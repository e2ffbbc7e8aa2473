// invoke: runs one operator directly (no pipeline, no store) — for tests, benchmarks and tools.
#pragma once
#include <string>

#include "persona/kernel/registry.h"

namespace persona::kernel {

// Options for a direct call.
struct InvokeOptions {
    uint64_t seed = 1;
    std::string device = "cpu";
    int threads = 0;  // 0 = all cores
    std::string step_id = "step";
};

// Validates params against the operator's schema, runs it, and checks its outputs are declared.
Outputs invoke(const PluginRegistry& registry, const std::string& op, const Inputs& inputs, const Json& params,
               const InvokeOptions& options = {});

// The folder the build put plugins in (for tests and benches run from the build tree).
std::string build_plugin_dir();

}  // namespace persona::kernel
