// Turning yaml-cpp nodes into Json values and file locations (private to the DSL).
#pragma once
#include <map>
#include <string>

#include <yaml-cpp/yaml.h>

#include "persona/dsl/pipeline.h"

namespace persona::dsl::detail {

// Where each string leaf of a converted value sits in the file, keyed by JSON pointer ("/k/0").
using StringLocations = std::map<std::string, Location>;

// The 1-based location of a node (0:0 when yaml-cpp does not know it).
Location location_of(const YAML::Node& node, const std::string& file);

// The location of a map value: the value itself, or its key when the value is empty.
Location value_location(const YAML::Node& key, const YAML::Node& value, const std::string& file);

// Resolves plain scalar text by the YAML 1.2 core schema: null, bool, int, float, else string.
// Throws Error for an integer that does not fit 64 bits.
Json plain_scalar_value(const std::string& text);

// A short description of what a node is, for messages: "a list", "the integer 5", ...
std::string describe(const YAML::Node& node);

// True when the node is a string scalar (quoted, or plain text that is not a number/bool/null).
bool is_string_scalar(const YAML::Node& node);

// Converts a node to Json preserving types (quoted scalars stay strings). Records the location of
// every string leaf containing "${" into `strings` (if given), keyed by pointer below `pointer`.
// Throws PipelineError for duplicate map keys, non-scalar keys and unsupported tags.
Json to_json(const YAML::Node& node, const std::string& file, StringLocations* strings = nullptr,
             const std::string& pointer = "");

// The JSON pointer of a child: pointer + "/" + key (with '~' and '/' escaped).
std::string child_pointer(const std::string& pointer, const std::string& key);

// Throws PipelineError at the second occurrence of a repeated key in a map node.
void check_unique_keys(const YAML::Node& map, const std::string& file, const std::string& what);

}  // namespace persona::dsl::detail
