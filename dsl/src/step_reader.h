// Reading one step of the `steps:` map: `use`, `from`, `with`, `doc` (private to the DSL).
#pragma once
#include <string>

#include <yaml-cpp/yaml.h>

#include "interpolation.h"

namespace persona::dsl::detail {

// True for a valid step id: [A-Za-z_][A-Za-z0-9_-]*.
bool is_step_id(const std::string& id);

// Reads the step whose key is `key` and body is `body`; its `with` values are interpolated.
// Throws PipelineError for a bad id, a body that is not a map, a missing or malformed `use`,
// an unknown key, a malformed `from` or a `with` that is not a map.
Step read_step(const YAML::Node& key, const YAML::Node& body, const std::string& file, Interpolator& interpolator);

}  // namespace persona::dsl::detail
