// The pipeline IR: what the YAML reader (and later the Lua binding) produce and the kernel runs.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "persona/artifact.h"
#include "persona/error.h"

namespace persona::dsl {

// A position in a pipeline file (1-based line and column; 0 when unknown).
struct Location {
    std::string file;
    int line = 0;
    int column = 0;
    std::string str() const;  // "file:line:col"
};

// An error about the pipeline text, carrying where it is. what() is "file:line:col: message".
class PipelineError : public Error {
public:
    PipelineError(Location where, const std::string& message);
    const Location& where() const { return where_; }
    const std::string& message() const { return message_; }
private:
    Location where_;
    std::string message_;
};

// One connection into a step: `from: split.train` or `from: {truth: split.test}`.
struct StepInput {
    std::string port;         // the consuming step's input port; "" = its first input port
    std::string step;         // the producing step id
    std::string output;       // the producing step's output port; "" = its only/first output
    Location where;
};

// One step of a pipeline.
struct Step {
    std::string id;
    std::string op;                                 // operator name, e.g. "model.itemknn"
    Json params = Json::object();                   // `with:` after interpolation and --set
    std::vector<StepInput> inputs;                  // in declaration order
    Location where;                                 // the step's key
    Location op_where;                              // the `use:` value
    std::map<std::string, Location> param_where;    // each `with:` key's value
};

// A whole pipeline: settings plus steps in file order.
struct Pipeline {
    std::string name;
    std::string file;           // path as given
    std::string text;           // the file's text, recorded in each run
    std::string doc;            // `doc:` free text (what the pipeline does, its protocol), shown in reports
    uint64_t seed = 0;
    std::string device = "auto";
    Json params = Json::object();  // top-level `params:` after --set
    std::vector<Step> steps;

    const Step* find(const std::string& id) const;
};

// One `--set KEY=VALUE` override: `params.NAME=V`, `STEP.PARAM=V`, `seed=N` or `device=D`.
struct Override {
    std::string key;
    std::string value;  // parsed as a YAML scalar (so 50 is an int, true a bool)
};

// Reads a pipeline file; throws PipelineError with file:line:col for every malformed construct.
Pipeline read_pipeline_file(const std::string& path, const std::vector<Override>& overrides = {});
// Same, from text (file is used only in messages).
Pipeline read_pipeline_text(const std::string& text, const std::string& file,
                            const std::vector<Override>& overrides = {});

}  // namespace persona::dsl
