#include "persona/operator.h"

#include "persona/context.h"
#include "persona/error.h"

namespace persona {

const char* to_string(ParamType type) {
    switch (type) {
        case ParamType::Bool: return "bool";
        case ParamType::Int: return "int";
        case ParamType::Float: return "float";
        case ParamType::String: return "string";
        case ParamType::Path: return "path";
        case ParamType::IntList: return "list of int";
        case ParamType::FloatList: return "list of float";
        case ParamType::StringList: return "list of string";
        case ParamType::Map: return "map";
        case ParamType::MapList: return "list of map";
    }
    return "?";
}

OperatorSpec& OperatorSpec::input(std::string port, Kind kind, std::string doc_line, bool many, bool optional) {
    inputs.push_back(PortSpec{std::move(port), kind, std::move(doc_line), many, optional});
    return *this;
}

OperatorSpec& OperatorSpec::output(std::string port, Kind kind, std::string doc_line) {
    outputs.push_back(PortSpec{std::move(port), kind, std::move(doc_line), false, false});
    return *this;
}

ParamSpec& OperatorSpec::param(std::string param_name, ParamType type, Json default_value, std::string doc_line) {
    ParamSpec p;
    p.name = std::move(param_name);
    p.type = type;
    p.default_value = std::move(default_value);
    p.doc = std::move(doc_line);
    params.push_back(std::move(p));
    return params.back();
}

const ParamSpec* OperatorSpec::find_param(const std::string& param_name) const {
    for (const auto& p : params)
        if (p.name == param_name) return &p;
    return nullptr;
}

const PortSpec* OperatorSpec::find_input(const std::string& port) const {
    for (const auto& p : inputs)
        if (p.name == port) return &p;
    return nullptr;
}

const PortSpec* OperatorSpec::find_output(const std::string& port) const {
    for (const auto& p : outputs)
        if (p.name == port) return &p;
    return nullptr;
}

bool Inputs::has(const std::string& port) const {
    auto it = ports.find(port);
    return it != ports.end() && !it->second.empty();
}

const Input& Inputs::one(const std::string& port) const {
    auto it = ports.find(port);
    if (it == ports.end() || it->second.empty()) throw Error("input '" + port + "' is not connected");
    return it->second.front();
}

const std::vector<Input>& Inputs::all(const std::string& port) const {
    static const std::vector<Input> none;
    auto it = ports.find(port);
    return it == ports.end() ? none : it->second;
}

bool Params::has(const std::string& name) const {
    return values_.contains(name) && !values_.at(name).is_null();
}

const Json& Params::raw(const std::string& name) const {
    if (!values_.contains(name)) throw Error("parameter '" + name + "' is not set");
    return values_.at(name);
}

template <class T> static T typed(const Json& v, const std::string& name, const char* what) {
    try {
        return v.get<T>();
    } catch (const std::exception&) {
        throw Error("parameter '" + name + "': expected " + what + ", got " + v.dump());
    }
}

bool Params::flag(const std::string& name) const { return typed<bool>(raw(name), name, "a bool"); }
int64_t Params::integer(const std::string& name) const { return typed<int64_t>(raw(name), name, "an integer"); }
double Params::number(const std::string& name) const { return typed<double>(raw(name), name, "a number"); }
std::string Params::text(const std::string& name) const { return typed<std::string>(raw(name), name, "a string"); }
std::vector<int64_t> Params::integers(const std::string& name) const {
    return typed<std::vector<int64_t>>(raw(name), name, "a list of integers");
}
std::vector<double> Params::numbers(const std::string& name) const {
    return typed<std::vector<double>>(raw(name), name, "a list of numbers");
}
std::vector<std::string> Params::texts(const std::string& name) const {
    return typed<std::vector<std::string>>(raw(name), name, "a list of strings");
}

void Context::check_cancelled() const {
    if (cancelled()) throw Error("step '" + step_id() + "' was cancelled");
}

}  // namespace persona
