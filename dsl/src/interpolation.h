// Substituting ${params.NAME} and ${env.NAME} in pipeline strings (private to the DSL).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "yaml_values.h"

namespace persona::dsl::detail {

// Resolves references in strings. A string that is exactly one ${...} takes the referenced value
// with its type; otherwise each reference is replaced by its text. "$${" writes a literal "${".
class Interpolator {
public:
    // `params` are the pipeline params (after --set, before interpolation); `where` locates their
    // strings by pointer below "" (e.g. "/k"); strings without an entry are reported at `fallback`.
    Interpolator(Json params, StringLocations where, Location fallback);

    // Interpolates every param (params may refer to other params) and returns them.
    const Json& resolve_params();

    // Interpolates every string inside `value`; `where` locates them by pointer below "".
    void apply(Json& value, const StringLocations& where, const Location& fallback);

private:
    enum class State { Raw, Resolving, Done };

    void resolve_param(const std::string& name, const Location& used_at);
    void interpolate_tree(Json& value, std::string& pointer, const StringLocations& where, const Location& fallback);
    Json substitute(const std::string& text, const Location& where);
    Json reference_value(const std::string& reference, bool whole, const Location& where);
    Json param_value(const std::string& path, const std::string& reference, const Location& where);
    Json env_value(const std::string& name, const std::string& reference, bool typed, const Location& where) const;
    std::string defined_params() const;

    Json params_;
    StringLocations params_where_;
    Location fallback_;
    std::map<std::string, State> state_;
    std::vector<std::string> resolving_;  // the chain of params being resolved, for cycle messages
};

}  // namespace persona::dsl::detail
