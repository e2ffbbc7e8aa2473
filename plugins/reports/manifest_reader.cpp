#include "manifest_reader.h"

#include "text_format.h"

namespace persona::reports {

namespace {

// The member `key` of an object, or nullptr when value is not an object or lacks it.
const Json* member(const Json& value, const char* key) {
    if (!value.is_object()) return nullptr;
    auto it = value.find(key);
    return it == value.end() ? nullptr : &*it;
}

// A scalar as display text: strings as they are, numbers and bools as JSON, anything else compact JSON.
std::string text_of(const Json* value) {
    if (!value || value->is_null()) return "";
    if (value->is_string()) return value->get<std::string>();
    return compact_json(*value);
}

// Compact JSON of an object or array; "" when absent, null or empty.
std::string json_of(const Json* value) {
    if (!value || value->is_null() || (value->is_structured() && value->empty())) return "";
    return compact_json(*value);
}

// The members of an array (an empty list when value is absent or not an array).
const Json& array_or_empty(const Json* value) {
    static const Json empty = Json::array();
    return value && value->is_array() ? *value : empty;
}

// "port: step.output" for each connected input, joined with ", ".
std::string describe_inputs(const Json* inputs) {
    std::string text;
    for (const Json& input : array_or_empty(inputs)) {
        if (!text.empty()) text += ", ";
        if (!input.is_object()) {
            text += text_of(&input);
            continue;
        }
        const std::string port = text_of(member(input, "port"));
        const std::string output = text_of(member(input, "output"));
        if (!port.empty()) text += port + ": ";
        text += text_of(member(input, "step"));
        if (!output.empty()) text += "." + output;
    }
    return text;
}

// True when notes.bad_rows is a number above zero.
bool notes_bad_rows(const Json* notes) {
    const Json* bad = notes ? member(*notes, "bad_rows") : nullptr;
    return bad && bad->is_number() && bad->get<double>() > 0;
}

StepSummary read_step(const Json& step) {
    StepSummary summary;
    summary.id = text_of(member(step, "id"));
    summary.op = text_of(member(step, "operator"));
    summary.version = text_of(member(step, "version"));
    summary.inputs = describe_inputs(member(step, "inputs"));
    summary.params = json_of(member(step, "params"));
    summary.notes = json_of(member(step, "notes"));
    summary.has_bad_rows = notes_bad_rows(member(step, "notes"));
    return summary;
}

DataInput read_data_input(const Json& data) {
    return DataInput{text_of(member(data, "step")), text_of(member(data, "param")), text_of(member(data, "path")),
                     text_of(member(data, "hash"))};
}

}  // namespace

RunSummary read_run_manifest(const Json& manifest) {
    RunSummary run;
    run.has_manifest = manifest.is_object() && !manifest.empty();
    if (const Json* pipeline = member(manifest, "pipeline")) {
        run.pipeline_name = text_of(member(*pipeline, "name"));
        run.pipeline_file = text_of(member(*pipeline, "file"));
        run.pipeline_doc = text_of(member(*pipeline, "doc"));
        run.seed = text_of(member(*pipeline, "seed"));
        run.device = text_of(member(*pipeline, "device"));
        run.pipeline_params = json_of(member(*pipeline, "params"));
        run.pipeline_text = text_of(member(*pipeline, "text"));
    }
    for (const Json& step : array_or_empty(member(manifest, "steps")))
        if (step.is_object()) run.steps.push_back(read_step(step));
    for (const Json& data : array_or_empty(member(manifest, "data")))
        if (data.is_object()) run.data.push_back(read_data_input(data));
    return run;
}

}  // namespace persona::reports
