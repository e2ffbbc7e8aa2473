#include "persona/kernel/store.h"

#include <sqlite3.h>

#include <chrono>
#include <set>

#include "sqlite_statement.h"

namespace persona::kernel {

namespace {
const char* const kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS artifacts(
  hash TEXT PRIMARY KEY, kind TEXT NOT NULL, size INTEGER NOT NULL, data BLOB NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS cache(
  key TEXT PRIMARY KEY, step TEXT NOT NULL, operator TEXT NOT NULL, outputs TEXT NOT NULL, notes TEXT NOT NULL,
  seconds REAL NOT NULL, created REAL NOT NULL, last_used REAL NOT NULL);
CREATE TABLE IF NOT EXISTS runs(
  id INTEGER PRIMARY KEY AUTOINCREMENT, pipeline TEXT NOT NULL, status TEXT NOT NULL,
  started REAL NOT NULL, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS metrics(
  run_id INTEGER NOT NULL, step TEXT NOT NULL, label TEXT NOT NULL, name TEXT NOT NULL, value REAL, text TEXT);
CREATE INDEX IF NOT EXISTS metrics_run ON metrics(run_id);
CREATE TABLE IF NOT EXISTS lineage(
  run_id INTEGER NOT NULL, step TEXT NOT NULL, port TEXT NOT NULL, direction TEXT NOT NULL, artifact TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS lineage_run ON lineage(run_id);
CREATE INDEX IF NOT EXISTS lineage_artifact ON lineage(artifact);
)SQL";

// BEGIN IMMEDIATE ... COMMIT, rolled back when an exception leaves the scope.
class Transaction {
public:
    explicit Transaction(sqlite3* db) : db_(db) { exec("BEGIN IMMEDIATE"); }
    ~Transaction() {
        if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    void commit() {
        exec("COMMIT");
        done_ = true;
    }
private:
    void exec(const char* sql) {
        char* err = nullptr;
        if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
            std::string message = err ? err : "unknown error";
            sqlite3_free(err);
            throw Error(std::string("store: ") + sql + ": " + message);
        }
    }
    sqlite3* db_;
    bool done_ = false;
};

Json parse_json(const std::string& text) {
    return text.empty() ? Json::object() : Json::parse(text);
}
}  // namespace

double now_seconds() {
    using namespace std::chrono;
    return duration_cast<duration<double>>(system_clock::now().time_since_epoch()).count();
}

Store::Store(const std::filesystem::path& file) : path_(file) {
    if (path_.has_parent_path()) std::filesystem::create_directories(path_.parent_path());
    if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr) !=
        SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw Error("store " + path_.string() + ": cannot open: " + message);
    }
    sqlite3_busy_timeout(db_, 60000);
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL");
    exec("PRAGMA foreign_keys=ON");
    Transaction tx(db_);
    exec(kSchema);
    tx.commit();
}

Store::~Store() {
    if (db_) sqlite3_close(db_);
}

void Store::exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string message = err ? err : "unknown error";
        sqlite3_free(err);
        throw Error("store " + path_.string() + ": " + message);
    }
}

bool Store::has_artifact(const std::string& hash) {
    std::lock_guard<std::mutex> lock(mutex_);
    Statement q(db_, "SELECT 1 FROM artifacts WHERE hash = ?");
    return q.bind(1, hash).step();
}

ArtifactPtr Store::get_artifact(const std::string& hash) {
    std::string bytes;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        Statement q(db_, "SELECT data FROM artifacts WHERE hash = ?");
        if (!q.bind(1, hash).step())
            throw Error("store " + path_.string() + ": artifact " + hash + " is missing (removed by `persona cache gc`?)");
        bytes = std::string(q.blob(0));
    }
    if (hash_bytes(bytes) != hash)
        throw Error("store " + path_.string() + ": artifact " + hash +
                    " is corrupted (its bytes no longer match its hash); run `persona cache verify`");
    try {
        return std::make_shared<const Artifact>(Artifact::deserialize(bytes));
    } catch (const std::exception& e) {
        throw Error("store " + path_.string() + ": artifact " + hash + " cannot be read: " + e.what());
    }
}

std::optional<CacheEntry> Store::lookup(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    Statement q(db_, "SELECT outputs, notes, seconds FROM cache WHERE key = ?");
    if (!q.bind(1, key).step()) return std::nullopt;
    CacheEntry entry;
    entry.key = key;
    Json outputs = parse_json(q.text(0));
    for (const auto& [port, hash] : outputs.items()) entry.outputs[port] = hash.get<std::string>();
    entry.notes = parse_json(q.text(1));
    entry.seconds = q.real(2);
    // Every output must still be present; otherwise the entry is stale (treated as a miss).
    Statement has(db_, "SELECT 1 FROM artifacts WHERE hash = ?");
    for (const auto& [port, hash] : entry.outputs) {
        has.reset();
        if (!has.bind(1, hash).step()) return std::nullopt;
    }
    Statement touch(db_, "UPDATE cache SET last_used = ? WHERE key = ?");
    touch.bind(1, now_seconds()).bind(2, key).run();
    return entry;
}

void Store::commit_step(const std::string& key, const std::string& step, const std::string& op,
                        const std::map<std::string, std::pair<std::string, std::string>>& outputs, const Json& notes,
                        double seconds) {
    std::lock_guard<std::mutex> lock(mutex_);
    Transaction tx(db_);
    Statement put(db_, "INSERT OR IGNORE INTO artifacts(hash, kind, size, data, created) VALUES(?, ?, ?, ?, ?)");
    Json ports = Json::object();
    double now = now_seconds();
    for (const auto& [port, item] : outputs) {
        const auto& [hash, bytes] = item;
        ports[port] = hash;
        std::string kind = bytes.size() > 4 ? to_string(static_cast<Kind>(static_cast<uint8_t>(bytes[4]))) : "?";
        put.reset();
        put.bind(1, hash).bind(2, kind).bind(3, static_cast<int64_t>(bytes.size())).bind_blob(4, bytes).bind(5, now).run();
    }
    Statement entry(db_,
                    "INSERT OR REPLACE INTO cache(key, step, operator, outputs, notes, seconds, created, last_used) "
                    "VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
    entry.bind(1, key).bind(2, step).bind(3, op).bind(4, ports.dump()).bind(5, notes.dump()).bind(6, seconds);
    entry.bind(7, now).bind(8, now).run();
    tx.commit();
}

int64_t Store::begin_run(const Json& record) {
    std::lock_guard<std::mutex> lock(mutex_);
    Transaction tx(db_);
    Statement q(db_, "INSERT INTO runs(pipeline, status, started, record) VALUES(?, ?, ?, ?)");
    q.bind(1, record.value("pipeline", std::string())).bind(2, record.value("status", std::string("running")));
    q.bind(3, record.value("started", now_seconds())).bind(4, record.dump()).run();
    int64_t id = sqlite3_last_insert_rowid(db_);
    tx.commit();
    return id;
}

void Store::update_run(int64_t id, const Json& record) {
    std::lock_guard<std::mutex> lock(mutex_);
    Transaction tx(db_);
    Statement q(db_, "UPDATE runs SET status = ?, record = ? WHERE id = ?");
    q.bind(1, record.value("status", std::string("running"))).bind(2, record.dump()).bind(3, id).run();

    Statement clear_metrics(db_, "DELETE FROM metrics WHERE run_id = ?");
    clear_metrics.bind(1, id).run();
    Statement put_metric(db_, "INSERT INTO metrics(run_id, step, label, name, value, text) VALUES(?, ?, ?, ?, ?, ?)");
    if (record.contains("metrics"))
        for (const auto& [step, rows] : record["metrics"].items())
            for (const auto& [label, values] : rows.items())
                for (const auto& [name, value] : values.items()) {
                    put_metric.reset();
                    put_metric.bind(1, id).bind(2, step).bind(3, label).bind(4, name);
                    if (value.is_number()) put_metric.bind(5, value.get<double>());
                    else put_metric.bind(6, value.is_string() ? value.get<std::string>() : value.dump());
                    put_metric.run();
                }

    Statement clear_lineage(db_, "DELETE FROM lineage WHERE run_id = ?");
    clear_lineage.bind(1, id).run();
    Statement put_link(db_, "INSERT INTO lineage(run_id, step, port, direction, artifact) VALUES(?, ?, ?, ?, ?)");
    if (record.contains("steps"))
        for (const auto& step : record["steps"]) {
            std::string sid = step.value("id", std::string());
            Json outputs = step.value("outputs", Json::object());
            for (const auto& [port, hash] : outputs.items()) {
                put_link.reset();
                put_link.bind(1, id).bind(2, sid).bind(3, port).bind(4, std::string("out")).bind(5, hash.get<std::string>()).run();
            }
            for (const auto& input : step.value("inputs", Json::array())) {
                if (!input.contains("hash")) continue;
                put_link.reset();
                put_link.bind(1, id).bind(2, sid).bind(3, input.value("port", std::string()));
                put_link.bind(4, std::string("in")).bind(5, input["hash"].get<std::string>()).run();
            }
        }
    tx.commit();
}

std::optional<Json> Store::run(int64_t id) {
    std::lock_guard<std::mutex> lock(mutex_);
    Statement q(db_, "SELECT record FROM runs WHERE id = ?");
    if (!q.bind(1, id).step()) return std::nullopt;
    return parse_json(q.text(0));
}

std::vector<Json> Store::runs(int64_t limit) {
    std::lock_guard<std::mutex> lock(mutex_);
    Statement q(db_, "SELECT record FROM runs ORDER BY id DESC LIMIT ?");
    q.bind(1, limit > 0 ? limit : int64_t{-1});
    std::vector<Json> out;
    while (q.step()) out.push_back(parse_json(q.text(0)));
    return out;
}

int64_t Store::latest_run_id() {
    std::lock_guard<std::mutex> lock(mutex_);
    Statement q(db_, "SELECT MAX(id) FROM runs");
    return q.step() && !q.is_null(0) ? q.integer(0) : 0;
}

std::vector<CacheListing> Store::cache_list() {
    std::lock_guard<std::mutex> lock(mutex_);
    Statement q(db_,
                "SELECT c.key, c.step, c.operator, c.created, c.last_used, "
                "(SELECT COALESCE(SUM(a.size), 0) FROM artifacts a, json_each(c.outputs) j WHERE a.hash = j.value) "
                "FROM cache c ORDER BY c.last_used DESC");
    std::vector<CacheListing> out;
    while (q.step()) out.push_back(CacheListing{q.text(0), q.text(1), q.text(2), q.integer(5), q.real(3), q.real(4)});
    return out;
}

VerifyReport Store::verify() {
    std::lock_guard<std::mutex> lock(mutex_);
    VerifyReport report;
    {
        Statement q(db_, "PRAGMA integrity_check");
        while (q.step())
            if (q.text(0) != "ok") report.problems.push_back("sqlite: " + q.text(0));
    }
    Statement all(db_, "SELECT hash, data FROM artifacts");
    std::set<std::string> present;
    while (all.step()) {
        std::string hash = all.text(0);
        std::string_view bytes = all.blob(1);
        ++report.artifacts_checked;
        present.insert(hash);
        if (hash_bytes(bytes) != hash) {
            report.problems.push_back("artifact " + hash + ": bytes do not match the hash (corrupted)");
            continue;
        }
        try {
            Artifact::deserialize(bytes);
        } catch (const std::exception& e) {
            report.problems.push_back("artifact " + hash + ": unreadable: " + e.what());
        }
    }
    Statement entries(db_, "SELECT key, step, outputs FROM cache");
    while (entries.step()) {
        ++report.cache_entries_checked;
        Json outputs = parse_json(entries.text(2));
        for (const auto& [port, hash] : outputs.items())
            if (!present.count(hash.get<std::string>()))
                report.problems.push_back("cache entry " + entries.text(0).substr(0, 12) + " (step " + entries.text(1) +
                                          ") names missing artifact " + hash.get<std::string>() + " for port " + port);
    }
    return report;
}

int64_t Store::size_bytes() {
    std::lock_guard<std::mutex> lock(mutex_);
    Statement q(db_, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
    return q.step() ? q.integer(0) : 0;
}

int64_t Store::gc(int64_t max_bytes) {
    int64_t removed = 0;
    auto payload = [&]() {
        Statement q(db_, "SELECT COALESCE(SUM(size), 0) FROM artifacts");
        q.step();
        return q.integer(0);
    };
    {
        std::lock_guard<std::mutex> lock(mutex_);
        Transaction tx(db_);
        // Artifacts no cache entry names are unreachable for re-runs: drop them first.
        exec("DELETE FROM artifacts WHERE hash NOT IN (SELECT j.value FROM cache c, json_each(c.outputs) j)");
        Statement oldest(db_, "SELECT key FROM cache ORDER BY last_used ASC LIMIT 1");
        Statement drop(db_, "DELETE FROM cache WHERE key = ?");
        while (payload() > max_bytes) {
            oldest.reset();
            if (!oldest.step()) break;
            std::string key = oldest.text(0);
            drop.reset();
            drop.bind(1, key).run();
            exec("DELETE FROM artifacts WHERE hash NOT IN (SELECT j.value FROM cache c, json_each(c.outputs) j)");
            ++removed;
        }
        tx.commit();
    }
    std::lock_guard<std::mutex> lock(mutex_);
    exec("PRAGMA wal_checkpoint(TRUNCATE)");
    exec("VACUUM");
    return removed;
}

}  // namespace persona::kernel
