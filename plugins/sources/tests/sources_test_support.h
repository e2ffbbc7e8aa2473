// Helpers for the sources plugin tests: temporary folders with hand-written files, and runs that keep notes.
#pragma once
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "persona/kernel/params.h"
#include "persona/kernel/step_context.h"
#include "plugin_test.h"

namespace persona::testing {

// A fresh folder under the system temp dir, removed when the test ends.
class TempFolder {
public:
    explicit TempFolder(const std::string& name)
        : path_(std::filesystem::temp_directory_path() / ("persona-sources-test-" + name)) {
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempFolder() { std::filesystem::remove_all(path_); }

    // Writes `bytes` exactly (no newline translation) and returns the file's path.
    std::string write(const std::string& name, const std::string& bytes) const {
        const auto file = path_ / name;
        std::ofstream out(file, std::ios::binary);
        out << bytes;
        return file.string();
    }
    std::string path() const { return path_.string(); }

private:
    std::filesystem::path path_;
};

// What a step produced and the notes it recorded.
struct StepRun {
    Outputs outputs;
    Json notes;
    const Table& table(const std::string& port) const { return outputs.at(port)->table(); }
};

// Runs one operator of persona_sources like kernel::invoke, but keeps the step's notes.
inline StepRun run_source(const std::string& op, const Json& params, uint64_t seed = 1) {
    auto& registry = registry_with("persona_sources");
    const auto& reg = registry.get(op);
    Params resolved(kernel::resolve_params(reg.spec, params));
    kernel::StepContext ctx(registry, "test", "cpu", seed, 2);
    ctx.set_log([](const std::string&, const std::string&, const std::string&) {});  // keep test output quiet
    StepRun run;
    run.outputs = reg.run(ctx, Inputs{}, resolved);
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
