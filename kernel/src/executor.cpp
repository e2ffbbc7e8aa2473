#include "persona/kernel/executor.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "persona/kernel/step_context.h"
#include "progress.h"

namespace persona::kernel {

namespace {

std::string read_whole_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot read " + path.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string host_name() {
    char buf[256] = {0};
    gethostname(buf, sizeof buf - 1);
    return buf;
}

// The lock for a resource named by OperatorSpec::exclusive, shared by every run in the process.
std::mutex& exclusive_resource(const std::string& name) {
    static std::mutex guard;
    static std::map<std::string, std::mutex> locks;
    std::lock_guard<std::mutex> lock(guard);
    return locks[name];
}

// Everything the executor knows about one step while the run goes on.
struct StepState {
    enum class Status { Pending, Running, Done, Failed, Skipped } status = Status::Pending;
    std::map<std::string, std::string> outputs;          // port -> hash
    std::map<std::string, ArtifactPtr> artifacts;        // port -> value, when in memory
};

// One run: shared state guarded by a mutex, worked on by `jobs` threads.
class Run {
public:
    Run(const Plan& plan, const PluginRegistry& registry, Store& store, const RunOptions& options)
        : plan_(plan), registry_(registry), store_(store), options_(options) {}

    RunOutcome execute();

private:
    void build_record();
    void worker();
    const PlannedStep* next_ready();  // caller holds mutex_
    void run_step(const PlannedStep& ps);
    ArtifactPtr artifact_of(const std::string& step, const std::string& port);
    std::string cache_key(const PlannedStep& ps, const Json& inputs, const Json& data) const;
    Json& step_record(const std::string& id);
    void collect_metrics_and_files();
    void save_record();

    const Plan& plan_;
    const PluginRegistry& registry_;
    Store& store_;
    const RunOptions& options_;

    std::vector<const PlannedStep*> todo_;
    std::map<std::string, StepState> states_;
    Json record_;
    Json manifest_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::atomic<bool> stop_{false};
    std::string first_error_;
    std::unique_ptr<ProgressLine> progress_;
};

Json& Run::step_record(const std::string& id) {
    for (auto& s : record_["steps"])
        if (s["id"] == id) return s;
    throw Error("internal: no record for step " + id);
}

void Run::build_record() {
    const dsl::Pipeline& p = *plan_.pipeline;
    std::set<std::string> selected;
    if (!options_.only.empty())
        for (const auto& id : upstream_of(plan_, options_.only)) selected.insert(id);
    Json steps = Json::array();
    Json manifest_steps = Json::array();
    Json data = Json::array();
    for (const auto& ps : plan_.steps) {
        const std::string& id = ps.step->id;
        if (!options_.only.empty() && !selected.count(id)) continue;
        todo_.push_back(&ps);
        states_[id];
        Json inputs = Json::array();
        for (const auto& in : ps.inputs) inputs.push_back({{"port", in.port}, {"step", in.step}, {"output", in.output}});
        Json s = {{"id", id}, {"operator", ps.op->spec.name}, {"version", ps.op->spec.version}, {"plugin", ps.op->plugin},
                  {"build_id", ps.op->build_id}, {"params", ps.params}, {"inputs", inputs}, {"status", "pending"},
                  {"cached", false}, {"seconds", 0.0}, {"outputs", Json::object()}, {"notes", Json::object()}};
        for (const auto& param : ps.path_params) {
            std::filesystem::path path = std::filesystem::absolute(ps.params[param].get<std::string>());
            data.push_back({{"step", id}, {"param", param}, {"path", path.lexically_normal().string()}, {"hash", hash_path(path)}});
        }
        manifest_steps.push_back({{"id", id}, {"operator", ps.op->spec.name}, {"version", ps.op->spec.version},
                                  {"params", ps.params}, {"inputs", inputs}});
        steps.push_back(std::move(s));
    }
    Json plugins = Json::array();
    for (const auto& pl : registry_.plugins())
        plugins.push_back({{"name", pl.name}, {"version", pl.version}, {"build_id", pl.build_id}, {"path", pl.path.string()}});
    record_ = {{"status", "running"}, {"pipeline", p.name}, {"file", p.file}, {"text", p.text}, {"seed", p.seed},
               {"device", p.device}, {"params", p.params}, {"only", options_.only}, {"cache", options_.use_cache},
               {"host", host_name()}, {"pid", static_cast<int64_t>(getpid())}, {"started", now_seconds()},
               {"plugins", plugins}, {"data", data}, {"steps", steps}, {"metrics", Json::object()}, {"files", Json::array()}};
    manifest_ = {{"pipeline", {{"name", p.name}, {"file", p.file}, {"text", p.text}, {"doc", p.doc}, {"seed", p.seed}, {"device", p.device},
                               {"params", p.params}}},
                 {"steps", manifest_steps}, {"data", data}};
}

std::string Run::cache_key(const PlannedStep& ps, const Json& inputs, const Json& data) const {
    Json key = {{"operator", ps.op->spec.name}, {"version", ps.op->spec.version}, {"build", ps.op->build_id},
                {"params", ps.params}, {"inputs", inputs}, {"data", data},
                {"seed", derive_seed(plan_.pipeline->seed, ps.step->id)}, {"device", plan_.pipeline->device}};
    if (ps.op->spec.reads_run_manifest) key["manifest"] = hash_bytes(manifest_.dump());
    return hash_bytes(key.dump());
}

ArtifactPtr Run::artifact_of(const std::string& step, const std::string& port) {
    std::string hash;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        StepState& st = states_[step];
        auto it = st.artifacts.find(port);
        if (it != st.artifacts.end()) return it->second;
        hash = st.outputs.at(port);
    }
    ArtifactPtr a = store_.get_artifact(hash);
    std::lock_guard<std::mutex> lock(mutex_);
    states_[step].artifacts[port] = a;
    return a;
}

const PlannedStep* Run::next_ready() {
    for (const PlannedStep* ps : todo_) {
        StepState& st = states_[ps->step->id];
        if (st.status != StepState::Status::Pending) continue;
        bool ready = true;
        for (const auto& d : ps->depends_on) ready = ready && states_[d].status == StepState::Status::Done;
        if (ready) return ps;
    }
    return nullptr;
}

void Run::worker() {
    for (;;) {
        const PlannedStep* ps = nullptr;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            for (;;) {
                if (stop_) return;
                ps = next_ready();
                if (ps) break;
                bool anyone_running = false, anyone_pending = false;
                for (const auto& [_, st] : states_) {
                    anyone_running = anyone_running || st.status == StepState::Status::Running;
                    anyone_pending = anyone_pending || st.status == StepState::Status::Pending;
                }
                if (!anyone_pending || !anyone_running) return;
                changed_.wait(lock);
            }
            states_[ps->step->id].status = StepState::Status::Running;
        }
        run_step(*ps);
        changed_.notify_all();
    }
}

void Run::run_step(const PlannedStep& ps) {
    const std::string& id = ps.step->id;
    const OperatorSpec& spec = ps.op->spec;
    auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    progress_->started(id, spec.name);
    try {
        Json input_hashes = Json::array();
        {
            std::lock_guard<std::mutex> lock(mutex_);
            for (const auto& in : ps.inputs)
                input_hashes.push_back({{"port", in.port}, {"step", in.step}, {"output", in.output},
                                        {"hash", states_[in.step].outputs.at(in.output)}});
        }
        Json data = Json::object();
        for (const auto& d : record_["data"])
            if (d["step"] == id) data[d["param"].get<std::string>()] = d["hash"];
        std::string key = cache_key(ps, input_hashes, data);

        std::optional<CacheEntry> hit;
        if (options_.use_cache) hit = store_.lookup(key);
        std::map<std::string, std::string> outputs;
        Json notes;
        if (hit) {
            outputs = hit->outputs;
            notes = hit->notes;
        } else {
            Inputs inputs;
            for (const auto& in : ps.inputs) inputs.ports[in.port].push_back(Input{in.step, artifact_of(in.step, in.output)});
            StepContext ctx(registry_, id, plan_.pipeline->device, derive_seed(plan_.pipeline->seed, id), options_.threads);
            ctx.add_cancel_flag(options_.cancel);
            ctx.add_cancel_flag(&stop_);
            ctx.set_progress([this](const std::string& s, double f, const std::string& n) { progress_->update(s, f, n); });
            ctx.set_log([this](const std::string& s, const std::string& level, const std::string& m) {
                progress_->message(level + ": " + s + ": " + m);
            });
            if (spec.reads_run_manifest) ctx.set_manifest(manifest_);
            std::unique_lock<std::mutex> holding;
            if (!spec.exclusive.empty()) holding = std::unique_lock<std::mutex>(exclusive_resource(spec.exclusive));
            Outputs produced = ps.op->run(ctx, inputs, Params(ps.params));
            std::map<std::string, std::pair<std::string, std::string>> to_store;
            std::map<std::string, ArtifactPtr> in_memory;
            for (const auto& port : spec.outputs) {
                auto it = produced.find(port.name);
                if (it == produced.end() || !it->second)
                    throw Error(spec.name + " did not produce its output '" + port.name + "'");
                if (it->second->kind() != port.kind)
                    throw Error(spec.name + " output '" + port.name + "' is a " + to_string(it->second->kind()) +
                                ", but the operator declares a " + to_string(port.kind));
                std::string bytes = it->second->serialize();
                std::string hash = hash_bytes(bytes);
                outputs[port.name] = hash;
                in_memory[port.name] = it->second;
                to_store[port.name] = {hash, std::move(bytes)};
            }
            notes = ctx.notes();
            store_.commit_step(key, id, spec.name, to_store, notes, elapsed());
            std::lock_guard<std::mutex> lock(mutex_);
            states_[id].artifacts = std::move(in_memory);
        }
        double seconds = elapsed();
        {
            std::lock_guard<std::mutex> lock(mutex_);
            StepState& st = states_[id];
            st.outputs = outputs;
            st.status = StepState::Status::Done;
            Json& rec = step_record(id);
            rec["status"] = "ok";
            rec["cached"] = hit.has_value();
            rec["seconds"] = seconds;
            rec["key"] = key;
            rec["inputs"] = input_hashes;
            rec["outputs"] = Json(outputs);
            rec["notes"] = notes;
            if (hit) rec["computed_seconds"] = hit->seconds;
        }
        progress_->finished(id, hit ? "cached" : "ran", seconds);
        save_record();
    } catch (const std::exception& e) {
        std::string message = "step '" + id + "' (" + spec.name + ") failed: " + e.what();
        {
            std::lock_guard<std::mutex> lock(mutex_);
            states_[id].status = StepState::Status::Failed;
            Json& rec = step_record(id);
            rec["status"] = "failed";
            rec["error"] = e.what();
            rec["seconds"] = elapsed();
            if (first_error_.empty()) first_error_ = message;
            stop_ = true;
        }
        progress_->finished(id, "FAILED", elapsed());
        save_record();
    }
}

void Run::save_record() {
    Json copy;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        copy = record_;
    }
    store_.update_run(record_.value("id", int64_t{0}), copy);
}

void Run::collect_metrics_and_files() {
    for (const PlannedStep* ps : todo_) {
        const std::string& id = ps->step->id;
        for (const auto& port : ps->op->spec.outputs) {
            if (port.kind != Kind::Metrics && port.kind != Kind::Files) continue;
            ArtifactPtr a = artifact_of(id, port.name);
            if (port.kind == Kind::Metrics) {
                for (const auto& row : a->metrics().rows)
                    for (const auto& [name, value] : row.values) {
                        Json v = std::holds_alternative<double>(value) ? Json(std::get<double>(value)) : Json(std::get<std::string>(value));
                        record_["metrics"][id][row.label][name] = v;
                    }
            } else if (!options_.outputs_dir.empty()) {
                std::filesystem::path dir = options_.outputs_dir / std::to_string(record_["id"].get<int64_t>()) / id;
                for (const auto& f : a->files().files) {
                    std::filesystem::path path = (dir / f.name).lexically_normal();
                    std::filesystem::create_directories(path.parent_path());
                    std::ofstream out(path, std::ios::binary);
                    out.write(f.bytes.data(), static_cast<std::streamsize>(f.bytes.size()));
                    if (!out) throw Error("cannot write " + path.string());
                    record_["files"].push_back({{"step", id}, {"name", f.name}, {"path", std::filesystem::absolute(path).string()}});
                }
            }
        }
    }
}

RunOutcome Run::execute() {
    build_record();
    progress_ = std::make_unique<ProgressLine>(options_.show_progress, todo_.size());
    int64_t id = store_.begin_run(record_);
    record_["id"] = id;
    save_record();
    auto start = std::chrono::steady_clock::now();

    int jobs = std::max(1, options_.jobs);
    std::vector<std::thread> threads;
    for (int i = 1; i < jobs; ++i) threads.emplace_back([this] { worker(); });
    worker();
    for (auto& t : threads) t.join();

    if (options_.cancel && options_.cancel->load() && first_error_.empty()) first_error_ = "run cancelled";
    if (first_error_.empty()) {
        try {
            collect_metrics_and_files();
        } catch (const std::exception& e) {
            first_error_ = std::string("collecting results: ") + e.what();
        }
    }
    for (auto& s : record_["steps"])
        if (s["status"] == "pending") s["status"] = "skipped";
    record_["status"] = first_error_.empty() ? "ok" : "failed";
    if (!first_error_.empty()) record_["error"] = first_error_;
    record_["finished"] = now_seconds();
    record_["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    save_record();
    return RunOutcome{id, record_};
}

}  // namespace

uint64_t derive_seed(uint64_t pipeline_seed, const std::string& step_id) {
    std::string h = hash_bytes(std::to_string(pipeline_seed) + "/" + step_id);
    return std::stoull(h.substr(0, 15), nullptr, 16);
}

std::string hash_path(const std::filesystem::path& path) {
    if (!std::filesystem::is_directory(path)) return hash_bytes(read_whole_file(path));
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(path))
        if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::string digest;
    for (const auto& f : files)
        digest += std::filesystem::relative(f, path).string() + "\n" + hash_bytes(read_whole_file(f)) + "\n";
    return hash_bytes(digest);
}

RunOutcome run_plan(const Plan& plan, const PluginRegistry& registry, Store& store, const RunOptions& options) {
    Run run(plan, registry, store, options);
    return run.execute();
}

}  // namespace persona::kernel
