// Helpers for plugin tests: a registry with one built plugin loaded, and a table builder.
#pragma once
#include <string>

#include "persona/kernel/invoke.h"
#include "persona/kernel/registry.h"

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

}  // namespace persona::testing
