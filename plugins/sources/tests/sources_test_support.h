// Helpers for the sources plugin tests: temporary folders with hand-written files, and runs that keep notes.
#pragma once
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

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

// Runs one operator of persona_sources (no inputs) with its notes and warnings kept.
inline StepRun run_source(const std::string& op, const Json& params, uint64_t seed = 1) {
    return run_step("persona_sources", op, Inputs{}, params, seed);
}

}  // namespace persona::testing
