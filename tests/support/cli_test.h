// Helpers for end-to-end tests: run the real `persona` binary in a scratch folder.
#pragma once
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace persona::testing {

// What a command printed and how it ended.
struct CliResult {
    int code = -1;
    std::string out, err;
    nlohmann::json json() const { return nlohmann::json::parse(out); }
};

inline std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

// A fresh folder under the build tree, removed when the test ends.
class ScratchDir {
public:
    ScratchDir() {
        std::random_device rd;
        path_ = std::filesystem::path(PERSONA_BINARY_DIR) / "test-scratch" / ("t" + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
private:
    std::filesystem::path path_;
};

inline std::string persona_binary() { return std::string(PERSONA_BINARY_DIR) + "/bin/persona"; }

// Runs `persona ARGS` with the given working folder; captures stdout and stderr.
inline CliResult run_persona(const std::filesystem::path& cwd, const std::string& args) {
    std::filesystem::path err_file = cwd / ".stderr.txt";
    std::string command = "cd '" + cwd.string() + "' && '" + persona_binary() + "' " + args + " 2> '" + err_file.string() + "'";
    CliResult r;
    FILE* pipe = popen(command.c_str(), "r");
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
    int status = pclose(pipe);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.err = read_text(err_file);
    return r;
}

}  // namespace persona::testing
