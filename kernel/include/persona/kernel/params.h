// Parameter checking: validates given values against an operator's schema and fills defaults.
#pragma once
#include <string>

#include "persona/error.h"
#include "persona/operator.h"

namespace persona::kernel {

// Where a parameter problem is: set by the caller so messages can name file:line:col.
struct ParamProblem {
    std::string param;    // empty when the problem is not about one parameter
    std::string message;  // what was expected and what was given
};

// Returns the params with defaults filled in and ints widened to floats where a float is expected.
// Throws ParamError for an unknown, missing, mistyped or out-of-range parameter.
Json resolve_params(const OperatorSpec& spec, const Json& given);

// The error resolve_params throws; knows which parameter is at fault.
class ParamError : public Error {
public:
    ParamError(std::string param, const std::string& message) : Error(message), param_(std::move(param)) {}
    const std::string& param() const { return param_; }
private:
    std::string param_;
};

// The canonical text of resolved params: sorted keys, no whitespace (part of the cache key).
std::string canonical_params(const Json& resolved);

}  // namespace persona::kernel
