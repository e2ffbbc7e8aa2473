// Substituting ${params.NAME} and ${env.NAME}: typed when a string is one reference, textual otherwise.
#include "interpolation.h"

#include <cstdlib>

namespace persona::dsl::detail {

namespace {

std::string trim(const std::string& s) {
    size_t begin = s.find_first_not_of(" \t");
    if (begin == std::string::npos) return "";
    size_t end = s.find_last_not_of(" \t");
    return s.substr(begin, end - begin + 1);
}

bool is_index(const std::string& s) {
    if (s.empty() || s.size() > 18) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// The text a value takes inside a longer string.
std::string as_text(const Json& value, const std::string& reference, const Location& where) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_structured())
        throw PipelineError(where, "${" + reference + "} is " + std::string(value.is_array() ? "a list" : "a map") +
                                       " and cannot be placed inside text; write it as the whole value");
    return value.dump();
}

}  // namespace

Interpolator::Interpolator(Json params, StringLocations where, Location fallback)
    : params_(std::move(params)), params_where_(std::move(where)), fallback_(std::move(fallback)) {}

const Json& Interpolator::resolve_params() {
    std::vector<std::string> names;
    for (auto it = params_.begin(); it != params_.end(); ++it) names.push_back(it.key());
    for (const std::string& name : names) resolve_param(name, fallback_);
    return params_;
}

void Interpolator::apply(Json& value, const StringLocations& where, const Location& fallback) {
    std::string pointer;
    interpolate_tree(value, pointer, where, fallback);
}

void Interpolator::resolve_param(const std::string& name, const Location& used_at) {
    State& state = state_[name];
    if (state == State::Done) return;
    if (state == State::Resolving) {
        std::string chain;
        for (const std::string& p : resolving_) chain += p + " -> ";
        throw PipelineError(used_at, "params refer to each other in a cycle: " + chain + name);
    }
    state = State::Resolving;
    resolving_.push_back(name);
    std::string pointer = child_pointer("", name);
    interpolate_tree(params_[name], pointer, params_where_, fallback_);
    resolving_.pop_back();
    state_[name] = State::Done;
}

void Interpolator::interpolate_tree(Json& value, std::string& pointer, const StringLocations& where,
                                    const Location& fallback) {
    if (value.is_string()) {
        const std::string& text = value.get_ref<const std::string&>();
        if (text.find("${") == std::string::npos) return;
        auto found = where.find(pointer);
        value = substitute(text, found == where.end() ? fallback : found->second);
        return;
    }
    if (!value.is_structured()) return;
    const size_t length = pointer.size();
    if (value.is_array()) {
        for (size_t i = 0; i < value.size(); ++i) {
            pointer = child_pointer(pointer, std::to_string(i));
            interpolate_tree(value[i], pointer, where, fallback);
            pointer.resize(length);
        }
        return;
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
        pointer = child_pointer(pointer, it.key());
        interpolate_tree(it.value(), pointer, where, fallback);
        pointer.resize(length);
    }
}

Json Interpolator::substitute(const std::string& text, const Location& where) {
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        if (text.compare(i, 3, "$${") == 0) {
            out += "${";
            i += 3;
            continue;
        }
        if (text.compare(i, 2, "${") != 0) {
            out += text[i++];
            continue;
        }
        size_t close = text.find('}', i + 2);
        if (close == std::string::npos)
            throw PipelineError(where, "'" + text + "': '${' without a closing '}' (write $${ for a literal ${)");
        std::string reference = trim(text.substr(i + 2, close - i - 2));
        const bool whole = (i == 0 && close + 1 == text.size());
        Json value = reference_value(reference, whole, where);
        if (whole) return value;  // the whole string: keep the value's type
        out += as_text(value, reference, where);
        i = close + 1;
    }
    return Json(std::move(out));
}

Json Interpolator::reference_value(const std::string& reference, bool whole, const Location& where) {
    if (reference.rfind("params.", 0) == 0) return param_value(reference.substr(7), reference, where);
    if (reference.rfind("env.", 0) == 0) return env_value(reference.substr(4), reference, whole, where);
    throw PipelineError(where, "unknown reference ${" + reference + "}: expected ${params.NAME} or ${env.NAME}");
}

Json Interpolator::param_value(const std::string& path, const std::string& reference, const Location& where) {
    std::string name = path.substr(0, path.find('.'));
    if (name.empty() || !params_.contains(name))
        throw PipelineError(where, "${" + reference + "}: no param '" + name + "' (" + defined_params() + ")");
    resolve_param(name, where);
    const Json* value = &params_[name];
    std::string walked = "params." + name;
    size_t start = name.size();
    while (start < path.size()) {
        size_t end = path.find('.', start + 1);
        if (end == std::string::npos) end = path.size();
        std::string part = path.substr(start + 1, end - start - 1);
        if (value->is_object() && value->contains(part)) {
            value = &(*value)[part];
        } else if (value->is_array() && is_index(part) && std::stoul(part) < value->size()) {
            value = &(*value)[std::stoul(part)];
        } else {
            throw PipelineError(where, "${" + reference + "}: " + walked + " has no '" + part + "'");
        }
        walked += "." + part;
        start = end;
    }
    return *value;
}

Json Interpolator::env_value(const std::string& name, const std::string& reference, bool typed,
                             const Location& where) const {
    const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
    if (!value)
        throw PipelineError(where, "${" + reference + "}: environment variable '" + name + "' is not set (" +
                                       defined_params() + ")");
    if (!typed || *value == '\0') return Json(value);
    try {
        return plain_scalar_value(value);  // a whole value: the text is read like a plain YAML scalar
    } catch (const Error&) {
        return Json(value);
    }
}

std::string Interpolator::defined_params() const {
    if (params_.empty()) return "no params are defined";
    std::string list;
    for (auto it = params_.begin(); it != params_.end(); ++it) list += (list.empty() ? "" : ", ") + it.key();
    return "defined params: " + list;
}

}  // namespace persona::dsl::detail
