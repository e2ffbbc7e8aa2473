// StepContext: the kernel's implementation of the Context a running step sees.
#pragma once
#include <atomic>
#include <functional>
#include <mutex>
#include <vector>

#include "persona/context.h"
#include "persona/kernel/registry.h"

namespace persona::kernel {

// Settings and callbacks of one running step.
class StepContext : public Context {
public:
    using ProgressFn = std::function<void(const std::string& step, double fraction, const std::string& note)>;
    using LogFn = std::function<void(const std::string& step, const std::string& level, const std::string& message)>;

    StepContext(const PluginRegistry& registry, std::string step_id, std::string device, uint64_t seed, int threads);

    void set_progress(ProgressFn fn) { progress_fn_ = std::move(fn); }
    void set_log(LogFn fn) { log_fn_ = std::move(fn); }
    // The step is cancelled when any of these flags is set (e.g. Ctrl-C, or another step failed).
    void add_cancel_flag(const std::atomic<bool>* flag) { if (flag) cancel_flags_.push_back(flag); }
    void set_manifest(Json manifest) { manifest_ = std::move(manifest); }
    void set_scratch_dir(std::filesystem::path dir) { scratch_ = std::move(dir); }
    const Json& notes() const { return notes_; }

    const std::string& step_id() const override { return step_id_; }
    const std::string& device() const override { return device_; }
    uint64_t seed() const override { return seed_; }
    int threads() const override { return threads_; }
    void info(const std::string& message) override;
    void warn(const std::string& message) override;
    void progress(double fraction, const std::string& note) override;
    bool cancelled() const override;
    void note(const std::string& key, Json value) override;
    const std::filesystem::path& scratch_dir() const override;
    std::unique_ptr<Recommender> load_recommender(const Model& model) const override;
    const Json& run_manifest() const override { return manifest_; }

private:
    const PluginRegistry& registry_;
    std::string step_id_, device_;
    uint64_t seed_;
    int threads_;
    ProgressFn progress_fn_;
    LogFn log_fn_;
    std::vector<const std::atomic<bool>*> cancel_flags_;
    Json manifest_ = Json::object();
    Json notes_ = Json::object();
    mutable std::filesystem::path scratch_;
    mutable std::mutex mutex_;
};

}  // namespace persona::kernel
