// Store: one SQLite database (WAL) holding artifacts, the step cache, run records, metrics and lineage.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "persona/artifact.h"

struct sqlite3;

namespace persona::kernel {

// A cached step: its output artifacts by port, and the notes it recorded.
struct CacheEntry {
    std::string key;
    std::map<std::string, std::string> outputs;  // port -> artifact hash
    Json notes = Json::object();
    double seconds = 0;  // how long the step took when it was computed
};

// One row of `persona cache ls`.
struct CacheListing {
    std::string key, step, op;
    int64_t bytes = 0;
    double created = 0, last_used = 0;
};

// What `persona cache verify` found.
struct VerifyReport {
    int64_t artifacts_checked = 0;
    int64_t cache_entries_checked = 0;
    std::vector<std::string> problems;  // empty when the store is sound
};

// The store. Thread-safe: one connection guarded by a mutex; several processes may share a file.
class Store {
public:
    explicit Store(const std::filesystem::path& file);  // creates the file and schema when missing
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    const std::filesystem::path& path() const { return path_; }

    // Artifacts. get() re-hashes the bytes and throws Error when they do not match (corruption).
    bool has_artifact(const std::string& hash);
    ArtifactPtr get_artifact(const std::string& hash);

    // The step cache. commit_step() writes the outputs and the cache entry in one transaction.
    std::optional<CacheEntry> lookup(const std::string& key);
    void commit_step(const std::string& key, const std::string& step, const std::string& op,
                     const std::map<std::string, std::pair<std::string, std::string>>& outputs,  // port -> (hash, bytes)
                     const Json& notes, double seconds);

    // Run records. The record is a JSON object (see README: "Run records").
    int64_t begin_run(const Json& record);
    void update_run(int64_t id, const Json& record);  // also refreshes its metrics and lineage rows
    std::optional<Json> run(int64_t id);
    std::vector<Json> runs(int64_t limit = 0);  // newest first
    int64_t latest_run_id();                    // 0 when there is none

    // Maintenance.
    std::vector<CacheListing> cache_list();
    VerifyReport verify();
    // Drops least recently used cache entries (and artifacts no entry still needs) until the file fits.
    int64_t gc(int64_t max_bytes);  // returns the number of cache entries removed
    int64_t size_bytes();

private:
    void exec(const char* sql);
    std::filesystem::path path_;
    sqlite3* db_ = nullptr;
    std::mutex mutex_;
};

// Current time in seconds since the epoch (with fractions).
double now_seconds();

}  // namespace persona::kernel
