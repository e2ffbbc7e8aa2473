// The YAML pipeline reader: file -> Pipeline IR, with locations in every error.
#include "persona/dsl/pipeline.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "persona/names.h"
#include "interpolation.h"
#include "overrides.h"
#include "settings.h"
#include "step_graph.h"
#include "step_reader.h"
#include "yaml_values.h"

namespace persona::dsl {

using namespace detail;

std::string Location::str() const { return file + ":" + std::to_string(line) + ":" + std::to_string(column); }

PipelineError::PipelineError(Location where, const std::string& message)
    : Error(where.str() + ": " + message), where_(std::move(where)), message_(message) {}

const Step* Pipeline::find(const std::string& id) const {
    for (const Step& step : steps)
        if (step.id == id) return &step;
    return nullptr;
}

namespace {

const std::vector<std::string> kTopLevelKeys = {"name", "seed", "device", "params", "steps", "doc"};

// The top-level entries of a pipeline file, each with its key (for locations).
struct TopLevel {
    struct Entry {
        YAML::Node key, value;
    };
    std::optional<Entry> name, seed, device, params, steps, doc;
    Location root;
};

// The text of a 0-based line of `text` ("" when out of range).
std::string line_text(const std::string& text, int line) {
    size_t start = 0;
    for (int i = 0; i < line && start != std::string::npos; ++i) {
        start = text.find('\n', start);
        if (start != std::string::npos) ++start;
    }
    if (start == std::string::npos || start >= text.size()) return "";
    return text.substr(start, text.find('\n', start) - start);
}

YAML::Node parse_yaml(const std::string& text, const std::string& file) {
    try {
        return YAML::Load(text);
    } catch (const YAML::Exception& e) {
        Location where{file, 0, 0};
        std::string hint;
        if (!e.mark.is_null()) {
            where = Location{file, e.mark.line + 1, e.mark.column + 1};
            // An unquoted ${...} inside [...] or {...} is the usual cause: braces end flow collections.
            std::string line = line_text(text, e.mark.line);
            if (line.find("${") != std::string::npos)
                hint = " (inside [...] or {...}, quote references: \"${params.k}\")";
        }
        throw PipelineError(where, "YAML syntax error: " + e.msg + hint);
    }
}

TopLevel read_top_level(const YAML::Node& root, const std::string& file) {
    TopLevel top;
    top.root = location_of(root, file);
    if (top.root.line == 0) top.root = Location{file, 1, 1};
    if (!root.IsMap())
        throw PipelineError(top.root, "a pipeline must be a map with `name:` and `steps:`, not " + describe(root));
    check_unique_keys(root, file, "top-level key");
    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
        TopLevel::Entry entry{it->first, it->second};
        if (key == "name") top.name.emplace(entry);
        else if (key == "seed") top.seed.emplace(entry);
        else if (key == "device") top.device.emplace(entry);
        else if (key == "params") top.params.emplace(entry);
        else if (key == "steps") top.steps.emplace(entry);
        else if (key == "doc") top.doc.emplace(entry);
        else
            throw PipelineError(location_of(it->first, file), "unknown top-level key '" + key + "' (allowed: " +
                                                                  join_names(kTopLevelKeys) + ")" + did_you_mean(key, kTopLevelKeys));
    }
    return top;
}

Json read_params(const TopLevel::Entry& entry, const std::string& file, StringLocations& strings) {
    if (entry.value.IsNull()) return Json::object();
    if (!entry.value.IsMap())
        throw PipelineError(location_of(entry.value, file), "params: expected a map of NAME: value, not " + describe(entry.value));
    return to_json(entry.value, file, &strings);
}

std::vector<Step> read_steps(const std::optional<TopLevel::Entry>& entry, const Location& root, const std::string& file,
                             Interpolator& interpolator) {
    if (!entry) throw PipelineError(root, "missing `steps:` (a map of step id -> {use, from, with})");
    const YAML::Node& steps = entry->value;
    if (!steps.IsMap() || steps.size() == 0)
        throw PipelineError(value_location(entry->key, steps, file),
                            "steps: expected a map of step id -> {use, from, with} with at least one step, not " +
                                (steps.IsMap() ? std::string("an empty map") : describe(steps)));
    check_unique_keys(steps, file, "step id");
    std::vector<Step> out;
    out.reserve(steps.size());
    for (auto it = steps.begin(); it != steps.end(); ++it) out.push_back(read_step(it->first, it->second, file, interpolator));
    return out;
}

}  // namespace

Pipeline read_pipeline_text(const std::string& text, const std::string& file, const std::vector<Override>& overrides) {
    Pipeline pipeline;
    pipeline.file = file;
    pipeline.text = text;
    TopLevel top = read_top_level(parse_yaml(text, file), file);
    if (top.name) pipeline.name = read_name(top.name->key, top.name->value, file);
    if (top.seed) pipeline.seed = read_seed(top.seed->key, top.seed->value, file);
    if (top.device) pipeline.device = read_device(top.device->key, top.device->value, file);
    if (top.doc) pipeline.doc = read_doc(top.doc->key, top.doc->value, file);
    StringLocations params_where;
    if (top.params) pipeline.params = read_params(*top.params, file, params_where);

    apply_setting_overrides(overrides, pipeline, params_where);
    if (pipeline.name.empty()) throw PipelineError(top.root, "missing `name:` (a string naming the pipeline)");

    Interpolator interpolator(std::move(pipeline.params), std::move(params_where), Location{file, 0, 0});
    pipeline.params = interpolator.resolve_params();
    pipeline.steps = read_steps(top.steps, top.root, file, interpolator);
    apply_step_overrides(overrides, pipeline);
    check_step_graph(pipeline.steps);
    return pipeline;
}

Pipeline read_pipeline_file(const std::string& path, const std::vector<Override>& overrides) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw PipelineError(Location{path, 0, 0}, std::string("cannot read the pipeline file: ") + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    return read_pipeline_text(text.str(), path, overrides);
}

}  // namespace persona::dsl
