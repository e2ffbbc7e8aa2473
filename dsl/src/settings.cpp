// Reading and checking the pipeline settings: name, doc, seed, device.
#include "settings.h"

#include "yaml_values.h"

namespace persona::dsl::detail {

std::string read_name(const YAML::Node& key, const YAML::Node& node, const std::string& file) {
    if (!is_string_scalar(node) || node.Scalar().empty())
        throw PipelineError(value_location(key, node, file), "name: expected a non-empty string naming the pipeline, not " + describe(node));
    return node.Scalar();
}

std::string read_doc(const YAML::Node& key, const YAML::Node& node, const std::string& file) {
    if (!is_string_scalar(node))
        throw PipelineError(value_location(key, node, file), "doc: expected free text (a string), not " + describe(node));
    return node.Scalar();
}

uint64_t read_seed(const YAML::Node& key, const YAML::Node& node, const std::string& file) {
    Location where = value_location(key, node, file);
    if (!node.IsScalar()) throw PipelineError(where, "seed: expected a non-negative integer, not " + describe(node));
    return seed_from_json(to_json(node, file), where, "seed");
}

std::string read_device(const YAML::Node& key, const YAML::Node& node, const std::string& file) {
    Location where = value_location(key, node, file);
    if (!is_string_scalar(node)) throw PipelineError(where, "device: expected auto, cpu or cuda, not " + describe(node));
    return checked_device(node.Scalar(), where, "device");
}

uint64_t seed_from_json(const Json& value, const Location& where, const std::string& what) {
    if (value.is_number_unsigned()) return value.get<uint64_t>();
    if (value.is_number_integer() && value.get<int64_t>() >= 0) return static_cast<uint64_t>(value.get<int64_t>());
    std::string shown = value.is_string() ? "the string \"" + value.get<std::string>() + "\"" : value.dump();
    throw PipelineError(where, what + ": expected a non-negative integer, not " + shown);
}

std::string checked_device(const std::string& device, const Location& where, const std::string& what) {
    if (device == "auto" || device == "cpu" || device == "cuda") return device;
    throw PipelineError(where, what + ": unknown device '" + device + "' (expected auto, cpu or cuda)");
}

}  // namespace persona::dsl::detail
