// `persona plugins list|describe`.
#include <iostream>

#include "commands.h"
#include "text_table.h"

namespace persona::cli {

namespace {
Json port_json(const PortSpec& p) {
    return {{"name", p.name}, {"kind", to_string(p.kind)}, {"doc", p.doc}, {"many", p.many}, {"optional", p.optional}};
}

Json param_json(const ParamSpec& p) {
    Json j = {{"name", p.name}, {"type", to_string(p.type)}, {"default", p.default_value}, {"required", p.required()}, {"doc", p.doc}};
    if (p.min) j["min"] = *p.min;
    if (p.max) j["max"] = *p.max;
    if (!p.choices.empty()) j["choices"] = p.choices;
    return j;
}
}  // namespace

int plugins_list_command(const Common& common) {
    kernel::PluginRegistry registry;
    load_plugins(registry, common, common.json);
    if (common.json) {
        Json out = Json::array();
        for (const auto& [name, op] : registry.operators())
            out.push_back({{"operator", name}, {"version", op.spec.version}, {"plugin", op.plugin}, {"doc", op.spec.doc}});
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    TextTable table({"operator", "version", "plugin", "description"});
    for (const auto& [name, op] : registry.operators()) table.add({name, op.spec.version, op.plugin, op.spec.doc});
    std::cout << table.str();
    return 0;
}

int plugins_describe_command(const Common& common, const std::string& name) {
    kernel::PluginRegistry registry;
    load_plugins(registry, common, common.json);
    const kernel::RegisteredOperator& op = registry.get(name);
    const OperatorSpec& s = op.spec;
    if (common.json) {
        Json j = {{"operator", s.name}, {"version", s.version}, {"plugin", op.plugin}, {"doc", s.doc},
                  {"inputs", Json::array()}, {"outputs", Json::array()}, {"params", Json::array()}};
        for (const auto& p : s.inputs) j["inputs"].push_back(port_json(p));
        for (const auto& p : s.outputs) j["outputs"].push_back(port_json(p));
        for (const auto& p : s.params) j["params"].push_back(param_json(p));
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    std::cout << s.name << " " << s.version << " (plugin " << op.plugin << ")\n  " << s.doc << "\n\ninputs:\n";
    if (s.inputs.empty()) std::cout << "  (none)\n";
    for (const auto& p : s.inputs)
        std::cout << "  " << p.name << ": " << to_string(p.kind) << (p.many ? " (list)" : "") << (p.optional ? " (optional)" : "")
                  << " - " << p.doc << "\n";
    std::cout << "outputs:\n";
    for (const auto& p : s.outputs) std::cout << "  " << p.name << ": " << to_string(p.kind) << " - " << p.doc << "\n";
    std::cout << "params:\n";
    TextTable table({"  name", "type", "default", "allowed", "description"});
    for (const auto& p : s.params) {
        std::string allowed;
        if (p.min || p.max)
            allowed = "[" + (p.min ? format_number(*p.min) : std::string("-inf")) + ", " + (p.max ? format_number(*p.max) : std::string("inf")) + "]";
        for (const auto& c : p.choices) allowed += (allowed.empty() ? "" : "|") + c;
        table.add({"  " + p.name, to_string(p.type), p.required() ? "(required)" : p.default_value.dump(), allowed, p.doc});
    }
    std::cout << table.str();
    return 0;
}

}  // namespace persona::cli
