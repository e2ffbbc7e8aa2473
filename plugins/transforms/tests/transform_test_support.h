// Helpers for the transforms tests: run an operator and keep its notes, read columns back as plain vectors.
#pragma once
#include <string>
#include <vector>

#include "plugin_test.h"

namespace persona::testing {

// Runs a transforms operator through the kernel's param checking, keeping the notes and warnings.
inline StepRun run_transform(const std::string& op, const Inputs& inputs, const Json& params, uint64_t seed = 1) {
    return run_step("persona_transforms", op, inputs, params, seed);
}

// Runs a transforms operator on one table given to its `table` port.
inline StepRun run_transform(const std::string& op, Table table, const Json& params, uint64_t seed = 1) {
    return run_transform(op, table_input("table", std::move(table)), params, seed);
}

// A column's int64 values (string columns: their codes).
inline std::vector<int64_t> ints(const Table& table, const std::string& name) { return table.column(name).ints; }

inline std::vector<double> floats(const Table& table, const std::string& name) {
    return table.column(name).floats;
}

// A string column's cells as text ("" for null).
inline std::vector<std::string> texts(const Table& table, const std::string& name) {
    const Column& c = table.column(name);
    std::vector<std::string> out;
    for (int64_t r = 0; r < c.size(); ++r) out.emplace_back(c.text(r));
    return out;
}

// Row r of an int64 list column.
inline std::vector<int64_t> list_at(const Table& table, const std::string& name, int64_t r) {
    const Column& c = table.column(name);
    return std::vector<int64_t>(c.ints.begin() + c.offsets[r], c.ints.begin() + c.offsets[r + 1]);
}

}  // namespace persona::testing
