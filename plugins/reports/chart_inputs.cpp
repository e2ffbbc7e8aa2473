#include "chart_inputs.h"

#include <algorithm>

#include "persona/names.h"
#include "persona/error.h"

namespace persona::reports {

namespace {

// A string member of a JSON object ("" when absent or not a string).
std::string string_member(const Json& object, const char* key) {
    if (!object.is_object()) return "";
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// This step's entry in manifest["steps"], or nullptr.
const Json* own_step_entry(const Json& manifest, const std::string& step_id) {
    if (!manifest.is_object() || !manifest.contains("steps") || !manifest.at("steps").is_array()) return nullptr;
    for (const Json& step : manifest.at("steps"))
        if (string_member(step, "id") == step_id) return &step;
    return nullptr;
}

// The entry's inputs on port "tables", in order.
std::vector<TableInputName> manifest_table_inputs(const Json& entry) {
    std::vector<TableInputName> names;
    if (!entry.contains("inputs") || !entry.at("inputs").is_array()) return names;
    for (const Json& input : entry.at("inputs"))
        if (string_member(input, "port") == "tables")
            names.push_back(TableInputName{string_member(input, "step"), string_member(input, "output")});
    return names;
}

// How many inputs come from `step`.
size_t inputs_from(const std::string& step, const std::vector<TableInputName>& names) {
    return static_cast<size_t>(
        std::count_if(names.begin(), names.end(), [&](const TableInputName& n) { return n.step == step; }));
}

// True when the manifest named the output of every input.
bool all_outputs_known(const std::vector<TableInputName>& names) {
    return std::none_of(names.begin(), names.end(), [](const TableInputName& n) { return n.output.empty(); });
}

}  // namespace

std::string TableInputName::label() const { return output.empty() ? step : step + "." + output; }

std::vector<TableInputName> name_table_inputs(const Json& manifest, const std::string& step_id,
                                              const std::vector<std::string>& steps) {
    std::vector<TableInputName> names;
    for (const std::string& step : steps) names.push_back(TableInputName{step, ""});
    const Json* entry = own_step_entry(manifest, step_id);
    if (!entry) return names;
    std::vector<TableInputName> from_manifest = manifest_table_inputs(*entry);
    if (from_manifest.size() != names.size()) return names;
    for (size_t i = 0; i < names.size(); ++i)
        if (from_manifest[i].step != names[i].step) return names;
    return from_manifest;
}

std::vector<std::string> known_table_labels(const std::vector<TableInputName>& names) {
    std::vector<std::string> labels;
    auto add = [&](const std::string& label) {
        if (std::find(labels.begin(), labels.end(), label) == labels.end()) labels.push_back(label);
    };
    for (const TableInputName& name : names) {
        if (!name.output.empty()) add(name.label());
        if (inputs_from(name.step, names) == 1) add(name.step);
    }
    return labels;
}

size_t find_table_input(const std::string& label, const std::vector<TableInputName>& names, const std::string& where) {
    for (size_t i = 0; i < names.size(); ++i)
        if (!names[i].output.empty() && names[i].label() == label) return i;
    const size_t from_step = inputs_from(label, names);
    if (from_step == 1)
        for (size_t i = 0; i < names.size(); ++i)
            if (names[i].step == label) return i;
    if (from_step > 1) {
        std::vector<std::string> theirs;
        for (const TableInputName& name : names)
            if (name.step == label) theirs.push_back(name.label());
        const bool outputs_known = all_outputs_known(names);
        throw Error(where + ": table '" + label + "' is ambiguous: step '" + label + "' feeds " +
                    std::to_string(from_step) + " tables inputs" +
                    (outputs_known ? " (" + join_names(theirs) + "); name one as step.output"
                                   : "; without the run manifest their outputs are unknown"));
    }
    const std::vector<std::string> known = known_table_labels(names);
    std::string message = where + ": table '" + label + "' is not a tables input (known: " + join_names(known) +
                          did_you_mean(label, known) + ")";
    const bool outputs_known = all_outputs_known(names);
    if (!outputs_known && label.find('.') != std::string::npos)
        message += "; without the run manifest only step ids name tables";
    throw Error(message);
}

}  // namespace persona::reports
