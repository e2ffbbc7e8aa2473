// Helpers for plugin tests: a registry with one built plugin loaded, a table builder, running a step with
// its notes and warnings, and the paths of the shared data sets.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "persona/kernel/invoke.h"
#include "persona/kernel/params.h"
#include "persona/kernel/registry.h"
#include "persona/kernel/step_context.h"

namespace persona::testing {

// Loads build/plugins/<plugin>.so (e.g. "persona_sources") into a fresh registry.
inline kernel::PluginRegistry& registry_with(const std::string& plugin) {
    static std::map<std::string, std::unique_ptr<kernel::PluginRegistry>> registries;
    auto& slot = registries[plugin];
    if (!slot) {
        slot = std::make_unique<kernel::PluginRegistry>();
        slot->load(kernel::build_plugin_dir() + "/" + plugin + ".so");
    }
    return *slot;
}

// Wraps a table as the single input of a port.
inline Inputs table_input(const std::string& port, Table table, const std::string& label = "input") {
    Inputs in;
    in.ports[port].push_back(Input{label, make_artifact(std::move(table))});
    return in;
}

// What a step produced, the notes it recorded and its warnings.
struct StepRun {
    Outputs outputs;
    Json notes;
    std::vector<std::string> warnings;
    const Table& table(const std::string& port) const { return outputs.at(port)->table(); }
};

// Runs one operator of `plugin` like kernel::invoke, but keeps the step's notes and warnings.
inline StepRun run_step(const std::string& plugin, const std::string& op, const Inputs& inputs, const Json& params,
                        uint64_t seed = 1) {
    auto& registry = registry_with(plugin);
    const auto& reg = registry.get(op);
    Params resolved(kernel::resolve_params(reg.spec, params));
    kernel::StepContext ctx(registry, "test", "cpu", seed, 2);
    StepRun run;
    // Keeps the warnings; the rest of the log is dropped to keep test output quiet.
    ctx.set_log([&run](const std::string&, const std::string& level, const std::string& message) {
        if (level == "warn") run.warnings.push_back(message);
    });
    run.outputs = reg.run(ctx, inputs, resolved);
    run.notes = ctx.notes();
    return run;
}

// The path of a shared data file, or "" (with a WARN) when it is absent.
inline std::string data_file(const std::string& relative) {
    const std::filesystem::path file = std::filesystem::path(PERSONA_DATA_DIR) / relative;
    if (std::filesystem::exists(file)) return file.string();
    WARN("skipping: " << file.string() << " is not present");
    return "";
}

}  // namespace persona::testing
