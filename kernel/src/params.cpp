#include "persona/kernel/params.h"

#include <cmath>
#include <sstream>

namespace persona::kernel {

namespace {
std::string describe(const ParamSpec& p) {
    std::ostringstream s;
    switch (p.type) {
        case ParamType::Bool: s << "true or false"; break;
        case ParamType::Int: s << "an integer"; break;
        case ParamType::Float: s << "a number"; break;
        case ParamType::String: s << "a string"; break;
        case ParamType::Path: s << "a file or folder path"; break;
        case ParamType::IntList: s << "an integer or a list of integers"; break;
        case ParamType::FloatList: s << "a number or a list of numbers"; break;
        case ParamType::StringList: s << "a string or a list of strings"; break;
        case ParamType::Map: s << "a map"; break;
        case ParamType::MapList: s << "a map or a list of maps"; break;
    }
    if (p.min && p.max) s << " in [" << *p.min << ", " << *p.max << "]";
    else if (p.min) s << " >= " << *p.min;
    else if (p.max) s << " <= " << *p.max;
    if (!p.choices.empty()) {
        s << ", one of: ";
        for (size_t i = 0; i < p.choices.size(); ++i) s << (i ? ", " : "") << p.choices[i];
    }
    return s.str();
}

[[noreturn]] void fail(const ParamSpec& p, const Json& value) {
    throw ParamError(p.name, "parameter '" + p.name + "': expected " + describe(p) + ", got " + value.dump());
}

Json check_scalar(const ParamSpec& p, ParamType type, const Json& v) {
    switch (type) {
        case ParamType::Bool:
            if (!v.is_boolean()) fail(p, v);
            return v;
        case ParamType::Int: {
            if (!v.is_number_integer()) {
                if (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>()) return check_scalar(p, type, Json(static_cast<int64_t>(v.get<double>())));
                fail(p, v);
            }
            double d = static_cast<double>(v.get<int64_t>());
            if ((p.min && d < *p.min) || (p.max && d > *p.max)) fail(p, v);
            return v;
        }
        case ParamType::Float: {
            if (!v.is_number()) fail(p, v);
            double d = v.get<double>();
            if (!std::isfinite(d) || (p.min && d < *p.min) || (p.max && d > *p.max)) fail(p, v);
            return Json(d);
        }
        case ParamType::String:
        case ParamType::Path:
            if (!v.is_string() || (type == ParamType::Path && v.get<std::string>().empty())) fail(p, v);
            if (!p.choices.empty()) {
                bool ok = false;
                for (const auto& c : p.choices) ok = ok || c == v.get<std::string>();
                if (!ok) fail(p, v);
            }
            return v;
        default: fail(p, v);
    }
}

Json check_list(const ParamSpec& p, ParamType element, const Json& v) {
    Json out = Json::array();
    if (!v.is_array()) {
        out.push_back(check_scalar(p, element, v));  // a single value stands for a list of one
        return out;
    }
    // [] is a valid list (e.g. features: [] = all columns).
    for (const auto& e : v) out.push_back(check_scalar(p, element, e));
    return out;
}
}  // namespace

Json resolve_params(const OperatorSpec& spec, const Json& given) {
    if (!given.is_null() && !given.is_object())
        throw ParamError("", "parameters ('with') must be a map of name: value, got " + given.dump());
    if (given.is_object())
        for (const auto& [name, _] : given.items())
            if (!spec.find_param(name)) {
                std::string known;
                for (const auto& p : spec.params) known += (known.empty() ? "" : ", ") + p.name;
                throw ParamError(name, "unknown parameter '" + name + "' for " + spec.name +
                                           " (expected one of: " + (known.empty() ? "none" : known) + ")");
            }
    Json out = Json::object();
    for (const auto& p : spec.params) {
        bool set = given.is_object() && given.contains(p.name) && !given.at(p.name).is_null();
        if (!set) {
            if (p.required()) throw ParamError(p.name, "missing required parameter '" + p.name + "' (" + describe(p) + ")");
            out[p.name] = p.default_value;
            continue;
        }
        const Json& v = given.at(p.name);
        switch (p.type) {
            case ParamType::IntList: out[p.name] = check_list(p, ParamType::Int, v); break;
            case ParamType::FloatList: out[p.name] = check_list(p, ParamType::Float, v); break;
            case ParamType::StringList: out[p.name] = check_list(p, ParamType::String, v); break;
            case ParamType::Map:
                if (!v.is_object()) fail(p, v);
                out[p.name] = v;
                break;
            case ParamType::MapList: {  // a single map stands for a list of one; [] is allowed
                const Json list = v.is_array() ? v : Json::array({v});
                for (const auto& e : list)
                    if (!e.is_object()) fail(p, v);
                out[p.name] = list;
                break;
            }
            default: out[p.name] = check_scalar(p, p.type, v);
        }
    }
    return out;
}

std::string canonical_params(const Json& resolved) { return resolved.dump(); }

}  // namespace persona::kernel
