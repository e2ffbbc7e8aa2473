// Reading the pipeline settings name, seed and device, from the file or from --set (private to the DSL).
#pragma once
#include <cstdint>
#include <string>

#include <yaml-cpp/yaml.h>

#include "persona/dsl/pipeline.h"

namespace persona::dsl::detail {

// `name:` must be a non-empty string.
std::string read_name(const YAML::Node& key, const YAML::Node& node, const std::string& file);
// `doc:` must be a string (free text).
std::string read_doc(const YAML::Node& key, const YAML::Node& node, const std::string& file);
// `seed:` must be a non-negative integer (a quoted "7" is a string, refused).
uint64_t read_seed(const YAML::Node& key, const YAML::Node& node, const std::string& file);
// `device:` must be auto, cpu or cuda.
std::string read_device(const YAML::Node& key, const YAML::Node& node, const std::string& file);

// A seed from an already typed value; `what` names its source in the message ("seed", "--set seed").
uint64_t seed_from_json(const Json& value, const Location& where, const std::string& what);
// Returns `device` when it is auto, cpu or cuda; throws PipelineError otherwise.
std::string checked_device(const std::string& device, const Location& where, const std::string& what);

}  // namespace persona::dsl::detail
