// Shared helpers of the classification plugin tests: running an operator of the plugin directly.
#pragma once
#include <string>

#include "persona/kernel/invoke.h"
#include "persona/persona.h"
#include "plugin_test.h"

namespace classification_test {

inline const persona::kernel::PluginRegistry& plugin() {
    return persona::testing::registry_with("persona_classification");
}

// Runs `op` on the CPU.
inline persona::Outputs run(const std::string& op, const persona::Inputs& in, const persona::Json& params) {
    return persona::kernel::invoke(plugin(), op, in, params);
}

// Runs `op` and returns the notes it recorded in the run record.
inline persona::Json notes_of(const std::string& op, const persona::Inputs& in, const persona::Json& params) {
    return persona::testing::run_step("persona_classification", op, in, params).notes;
}

// The float32 components of row `row` of vector column `name`.
inline std::vector<float> vector_row(const persona::Table& table, const std::string& name, int64_t row) {
    const auto& column = table.column(name);
    return std::vector<float>(column.vectors.begin() + row * column.width,
                              column.vectors.begin() + (row + 1) * column.width);
}

}  // namespace classification_test
