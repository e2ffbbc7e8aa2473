// `--set KEY=VALUE`: params.NAME (declared or used by the pipeline), STEP.PARAM, seed, device, name. VALUE is
// read as a YAML scalar.
#include "overrides.h"

#include <algorithm>

#include "persona/names.h"
#include "settings.h"

namespace persona::dsl::detail {

namespace {

bool is_setting(const std::string& key) { return key == "seed" || key == "device" || key == "name"; }
bool is_params_key(const std::string& key) { return key.rfind("params.", 0) == 0; }
bool is_step_key(const std::string& key) { return !is_params_key(key) && key.find('.') != std::string::npos; }

// VALUE as YAML: 50 -> int, 0.5 -> double, true -> bool, [10, 20] -> list, '"10"' -> string, else text.
Json override_value(const Override& o, const Location& where) {
    const std::string& v = o.value;
    if (v.empty()) return Json("");
    const char first = v[0];
    if (first != '[' && first != '{' && first != '"' && first != '\'') {
        try {
            return plain_scalar_value(v);
        } catch (const Error& e) {
            throw PipelineError(where, "--set " + o.key + ": " + e.what());
        }
    }
    try {
        return to_json(YAML::Load(v), where.file);
    } catch (const YAML::Exception& e) {
        throw PipelineError(where, "--set " + o.key + ": '" + v + "' is not a valid YAML value: " + e.msg);
    } catch (const PipelineError& e) {
        throw PipelineError(where, "--set " + o.key + ": " + e.message());
    }
}

// Sets root.a.b.c = value for the dotted path "a.b.c", creating maps on the way; returns its pointer.
std::string set_path(Json& root, const std::string& dotted, Json value, const std::string& key, const Location& where) {
    Json* at = &root;
    std::string pointer, walked;
    size_t start = 0;
    while (true) {
        size_t end = dotted.find('.', start);
        std::string part = dotted.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (part.empty()) throw PipelineError(where, "--set " + key + ": empty name in '" + dotted + "'");
        if (!at->is_object())
            throw PipelineError(where, "--set " + key + ": '" + walked + "' is " + at->type_name() + ", not a map");
        at = &(*at)[part];
        pointer = child_pointer(pointer, part);
        walked += (walked.empty() ? "" : ".") + part;
        if (end == std::string::npos) break;
        if (at->is_null()) *at = Json::object();
        start = end + 1;
    }
    *at = std::move(value);
    return pointer;
}

// Drops the locations of strings at or below `pointer`: they were replaced.
void forget_below(StringLocations& where, const std::string& pointer) {
    for (auto it = where.lower_bound(pointer); it != where.end() && it->first.rfind(pointer, 0) == 0;) {
        const bool below = it->first.size() == pointer.size() || it->first[pointer.size()] == '/';
        it = below ? where.erase(it) : std::next(it);
    }
}

void apply_setting(const Override& o, Pipeline& pipeline, const Location& where) {
    if (o.key == "seed") {
        pipeline.seed = seed_from_json(override_value(o, where), where, "--set seed");
    } else if (o.key == "device") {
        pipeline.device = checked_device(o.value, where, "--set device");
    } else if (o.value.empty()) {
        throw PipelineError(where, "--set name: the pipeline name cannot be empty");
    } else {
        pipeline.name = o.value;
    }
}

// A --set params.NAME[.more] must name a param the pipeline declares or refers to (`${params.NAME}` with no
// default is a param the command line must give); any other name is a typo that would change nothing.
void check_known_param(const std::string& key, const Pipeline& pipeline, const Location& where) {
    const std::string rest = key.substr(7);
    const std::string name = rest.substr(0, rest.find('.'));
    if (pipeline.params.is_object() && pipeline.params.contains(name)) return;
    const std::string reference = "${params." + name;
    for (size_t at = pipeline.text.find(reference); at != std::string::npos; at = pipeline.text.find(reference, at + 1)) {
        const char next = at + reference.size() < pipeline.text.size() ? pipeline.text[at + reference.size()] : '\0';
        if (next == '}' || next == '.') return;
    }
    std::vector<std::string> declared;
    if (pipeline.params.is_object())
        for (const auto& item : pipeline.params.items()) declared.push_back(item.key());
    throw PipelineError(where, "--set " + key + ": the pipeline neither declares nor uses a param '" + name + "' (" +
                                   (declared.empty() ? std::string("it declares none") : "its params: " + join_names(declared)) + ")" +
                                   did_you_mean(name, declared));
}

std::vector<std::string> step_ids(const Pipeline& pipeline) {
    std::vector<std::string> ids;
    for (const Step& step : pipeline.steps) ids.push_back(step.id);
    return ids;
}

}  // namespace

void apply_setting_overrides(const std::vector<Override>& overrides, Pipeline& pipeline, StringLocations& params_where) {
    const Location where{pipeline.file, 0, 0};
    for (const Override& o : overrides) {
        if (is_setting(o.key)) {
            apply_setting(o, pipeline, where);
        } else if (is_params_key(o.key)) {
            check_known_param(o.key, pipeline, where);
            std::string pointer = set_path(pipeline.params, o.key.substr(7), override_value(o, where), o.key, where);
            forget_below(params_where, pointer);
        } else if (!is_step_key(o.key)) {
            throw PipelineError(where, "--set " + o.key + ": unknown key (expected params.NAME, STEP.PARAM, seed, device or name)");
        }
    }
}

void apply_step_overrides(const std::vector<Override>& overrides, Pipeline& pipeline) {
    const Location where{pipeline.file, 0, 0};
    for (const Override& o : overrides) {
        if (!is_step_key(o.key)) continue;
        const size_t dot = o.key.find('.');
        const std::string id = o.key.substr(0, dot), param = o.key.substr(dot + 1);
        auto step = std::find_if(pipeline.steps.begin(), pipeline.steps.end(), [&](const Step& s) { return s.id == id; });
        if (step == pipeline.steps.end()) {
            std::vector<std::string> ids = step_ids(pipeline);
            throw PipelineError(where, "--set " + o.key + ": no step '" + id + "' (steps: " + join_names(ids) + ")" + did_you_mean(id, ids));
        }
        set_path(step->params, param, override_value(o, where), o.key, where);
        step->param_where[param.substr(0, param.find('.'))] = where;
    }
}

}  // namespace persona::dsl::detail
