// Operators: what a plugin offers — a typed signature (ports, parameters) and a run function.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "persona/artifact.h"

namespace persona {

class Context;

// The type of a parameter value, checked by the kernel before a step runs.
enum class ParamType : uint8_t { Bool, Int, Float, String, Path, IntList, FloatList, StringList, Map, MapList };

const char* to_string(ParamType type);

// One parameter of an operator: type, default (null = required), range or choices, one-line doc.
struct ParamSpec {
    std::string name;
    ParamType type = ParamType::String;
    Json default_value;               // null means the parameter is required
    std::optional<double> min, max;   // inclusive range for Int/Float (and their lists)
    std::vector<std::string> choices; // allowed values for String (and StringList)
    std::string doc;

    bool required() const { return default_value.is_null(); }
    ParamSpec& range(double lo, double hi) { min = lo; max = hi; return *this; }
    ParamSpec& at_least(double lo) { min = lo; return *this; }
    ParamSpec& one_of(std::vector<std::string> allowed) { choices = std::move(allowed); return *this; }
};

// One input or output of an operator.
struct PortSpec {
    std::string name;
    Kind kind = Kind::Table;
    std::string doc;
    bool many = false;      // input only: accepts a list of artifacts
    bool optional = false;  // input only: may be left unconnected
};

// The full signature of an operator.
struct OperatorSpec {
    std::string name;     // "family.name", e.g. "model.itemknn"
    std::string version;  // bump when the outputs change for the same inputs
    std::string doc;      // one line
    std::vector<PortSpec> inputs;
    std::vector<PortSpec> outputs;
    std::vector<ParamSpec> params;
    bool reads_run_manifest = false;  // its output depends on Context::run_manifest() (reports)
    // A process-wide resource the run needs to itself (e.g. "libtorch": its random generator and
    // thread count are global). Steps naming the same resource run one at a time; "" = none.
    std::string exclusive;

    OperatorSpec& input(std::string port, Kind kind, std::string doc_line, bool many = false, bool optional = false);
    OperatorSpec& output(std::string port, Kind kind, std::string doc_line);
    ParamSpec& param(std::string param_name, ParamType type, Json default_value, std::string doc_line);
    const ParamSpec* find_param(const std::string& param_name) const;
    const PortSpec* find_input(const std::string& port) const;
    const PortSpec* find_output(const std::string& port) const;
};

// One input artifact and the label of the step that produced it.
struct Input {
    std::string label;  // producing step id (e.g. "knn"), used for row labels in metrics
    ArtifactPtr artifact;
};

// The inputs of a running step, by port name.
class Inputs {
public:
    std::map<std::string, std::vector<Input>> ports;

    bool has(const std::string& port) const;
    const Input& one(const std::string& port) const;            // throws Error when absent
    const std::vector<Input>& all(const std::string& port) const;  // empty when absent
    const Table& table(const std::string& port) const { return one(port).artifact->table(); }
};

// The validated parameters of a running step (defaults filled in), with typed getters.
class Params {
public:
    Params() = default;
    explicit Params(Json values) : values_(std::move(values)) {}

    const Json& json() const { return values_; }
    bool has(const std::string& name) const;  // present and not null
    bool flag(const std::string& name) const;
    int64_t integer(const std::string& name) const;
    double number(const std::string& name) const;
    std::string text(const std::string& name) const;
    std::vector<int64_t> integers(const std::string& name) const;
    std::vector<double> numbers(const std::string& name) const;
    std::vector<std::string> texts(const std::string& name) const;
    const Json& raw(const std::string& name) const;
private:
    Json values_ = Json::object();
};

// What a step produces, by output port name.
using Outputs = std::map<std::string, ArtifactPtr>;

// The function that runs an operator.
using RunFunction = std::function<Outputs(Context&, const Inputs&, const Params&)>;

}  // namespace persona
