// Context: what a running step may use (device, seed, threads, logging, progress, cancellation...).
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "persona/artifact.h"
#include "persona/recommender.h"

namespace persona {

// The services the kernel offers a running step.
class Context {
public:
    virtual ~Context() = default;

    virtual const std::string& step_id() const = 0;
    virtual const std::string& device() const = 0;  // "auto", "cpu" or "cuda", as the run asked
    virtual uint64_t seed() const = 0;              // derived from the pipeline seed and the step id
    virtual int threads() const = 0;                // intra-op threads the step may use

    virtual void info(const std::string& message) = 0;
    virtual void warn(const std::string& message) = 0;
    // Reports progress in [0, 1] with a short note (e.g. "epoch 3 loss 0.41").
    virtual void progress(double fraction, const std::string& note = "") = 0;
    virtual bool cancelled() const = 0;
    void check_cancelled() const;  // throws Error("cancelled") when cancelled()

    // Records a fact about this step's data in the run record (e.g. "bad_rows": 12).
    virtual void note(const std::string& key, Json value) = 0;

    virtual const std::filesystem::path& scratch_dir() const = 0;

    // Opens a Model artifact for scoring through the loader its plugin registered.
    virtual std::unique_ptr<Recommender> load_recommender(const Model& model) const = 0;

    // The run's pipeline, resolved steps and versions; only for specs with reads_run_manifest.
    virtual const Json& run_manifest() const = 0;
};

}  // namespace persona
