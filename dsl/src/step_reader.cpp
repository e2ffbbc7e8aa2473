// Reading one step: its operator (`use`), its inputs (`from` in its three forms) and params (`with`).
#include "step_reader.h"

#include <optional>
#include <vector>

#include "persona/names.h"

namespace persona::dsl::detail {

namespace {

const std::vector<std::string> kStepKeys = {"use", "from", "with", "doc"};

bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

// [A-Za-z_][A-Za-z0-9_-]*: step ids and port names.
bool is_identifier(const std::string& s) {
    if (s.empty() || !is_name_start(s[0])) return false;
    for (char c : s)
        if (!is_name_char(c) && c != '-') return false;
    return true;
}

// family.name: family is [A-Za-z_][A-Za-z0-9_]*, name is dot-separated [A-Za-z0-9_-]+ parts.
bool is_operator_name(const std::string& s) {
    size_t dot = s.find('.');
    if (dot == std::string::npos || dot == 0 || !is_name_start(s[0])) return false;
    for (size_t i = 0; i < dot; ++i)
        if (!is_name_char(s[i])) return false;
    if (dot + 1 == s.size() || s.back() == '.') return false;
    for (size_t i = dot + 1; i < s.size(); ++i)
        if (!is_name_char(s[i]) && s[i] != '-' && !(s[i] == '.' && s[i - 1] != '.')) return false;
    return true;
}

std::string read_use(const YAML::Node& use, const std::string& id, const std::string& file) {
    if (!is_string_scalar(use))
        throw PipelineError(location_of(use, file), "step '" + id + "': `use` must name an operator like model.itemknn, not " + describe(use));
    const std::string& name = use.Scalar();
    if (!is_operator_name(name))
        throw PipelineError(location_of(use, file), "step '" + id + "': `use: " + name +
                                                        "` is not an operator name of the form family.name (e.g. model.itemknn)");
    return name;
}

// One reference: "step" or "step.port".
StepInput read_reference(const YAML::Node& node, const std::string& port, const std::string& id, const std::string& file) {
    Location where = location_of(node, file);
    if (!is_string_scalar(node))
        throw PipelineError(where, "step '" + id + "': `from` expects a step id or step.port, not " + describe(node));
    const std::string& text = node.Scalar();
    size_t dot = text.find('.');
    StepInput input{port, text.substr(0, dot), dot == std::string::npos ? "" : text.substr(dot + 1), where};
    if (!is_identifier(input.step) || (dot != std::string::npos && !is_identifier(input.output)))
        throw PipelineError(where, "step '" + id + "': `from: " + text + "` is not a step id or step.port (e.g. split.train)");
    return input;
}

// A reference or a list of references, all into `port`.
void read_references(const YAML::Node& node, const std::string& port, const std::string& id, const std::string& file,
                     std::vector<StepInput>& inputs) {
    if (node.IsSequence()) {
        for (const YAML::Node& item : node) inputs.push_back(read_reference(item, port, id, file));
    } else if (!node.IsNull()) {
        inputs.push_back(read_reference(node, port, id, file));
    }
}

std::vector<StepInput> read_from(const YAML::Node& from, const std::string& id, const std::string& file) {
    std::vector<StepInput> inputs;
    if (!from.IsMap()) {
        read_references(from, "", id, file, inputs);
        return inputs;
    }
    check_unique_keys(from, file, "input port");
    for (auto it = from.begin(); it != from.end(); ++it) {
        if (!it->first.IsScalar() || !is_identifier(it->first.Scalar()))
            throw PipelineError(location_of(it->first, file), "step '" + id + "': `from` map keys must be input port names, not " +
                                                                  describe(it->first));
        if (it->second.IsMap())
            throw PipelineError(location_of(it->second, file), "step '" + id + "': port '" + it->first.Scalar() +
                                                                   "' expects a step id or a list of them, not a map");
        read_references(it->second, it->first.Scalar(), id, file, inputs);
    }
    return inputs;
}

void read_with(const YAML::Node& with, Step& step, const std::string& file, Interpolator& interpolator) {
    if (with.IsNull()) return;
    if (!with.IsMap())
        throw PipelineError(location_of(with, file), "step '" + step.id + "': `with` must be a map of param: value, not " + describe(with));
    StringLocations strings;
    step.params = to_json(with, file, &strings);
    interpolator.apply(step.params, strings, location_of(with, file));
    for (auto it = with.begin(); it != with.end(); ++it)
        step.param_where[it->first.Scalar()] = value_location(it->first, it->second, file);
}

}  // namespace

bool is_step_id(const std::string& id) { return is_identifier(id); }

Step read_step(const YAML::Node& key, const YAML::Node& body, const std::string& file, Interpolator& interpolator) {
    Step step;
    step.where = location_of(key, file);
    if (!key.IsScalar() || !is_step_id(key.Scalar()))
        throw PipelineError(step.where, "a step id must match [A-Za-z_][A-Za-z0-9_-]*, not " + describe(key));
    step.id = key.Scalar();
    if (!body.IsMap())
        throw PipelineError(body.IsNull() ? step.where : location_of(body, file),
                            "step '" + step.id + "' must be a map like {use: family.name, from: ..., with: {...}}, not " + describe(body));
    check_unique_keys(body, file, "key");
    std::optional<YAML::Node> use, from, with;  // optional: assigning to a yaml-cpp node would rewrite it
    for (auto it = body.begin(); it != body.end(); ++it) {
        const std::string name = it->first.IsScalar() ? it->first.Scalar() : "";
        if (name == "use") use.emplace(it->second);
        else if (name == "from") from.emplace(it->second);
        else if (name == "with") with.emplace(it->second);
        else if (name != "doc")
            throw PipelineError(location_of(it->first, file), "step '" + step.id + "': unknown key '" + name + "' (allowed: " +
                                                                  join_names(kStepKeys) + ")" + did_you_mean(name, kStepKeys));
    }
    if (!use) throw PipelineError(step.where, "step '" + step.id + "' has no `use:` naming its operator (e.g. use: model.itemknn)");
    step.op = read_use(*use, step.id, file);
    step.op_where = location_of(*use, file);
    if (from) step.inputs = read_from(*from, step.id, file);
    if (with) read_with(*with, step, file, interpolator);
    return step;
}

}  // namespace persona::dsl::detail
