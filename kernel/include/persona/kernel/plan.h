// Plan: a pipeline checked against the loaded operators, with params resolved and steps in run order.
#pragma once
#include <string>
#include <vector>

#include "persona/dsl/pipeline.h"
#include "persona/kernel/registry.h"

namespace persona::kernel {

// One resolved connection: consumer port <- producer step's output port.
struct PlannedInput {
    std::string port;
    std::string step;
    std::string output;
};

// One step ready to run.
struct PlannedStep {
    const dsl::Step* step = nullptr;
    const RegisteredOperator* op = nullptr;
    Json params;                         // validated, defaults filled in
    std::vector<PlannedInput> inputs;    // in declaration order
    std::vector<std::string> depends_on; // producer step ids (unique)
    std::vector<std::string> path_params;  // params of type Path (their files are hashed into the key)
};

// A validated pipeline: steps in a topological order (file order among independent steps).
struct Plan {
    const dsl::Pipeline* pipeline = nullptr;
    std::vector<PlannedStep> steps;
    const PlannedStep& get(const std::string& id) const;
};

// Checks operators, params, inputs (ports, kinds, counts) and data paths; throws dsl::PipelineError
// naming file:line:col, the step and the parameter, and what was expected.
Plan plan_pipeline(const dsl::Pipeline& pipeline, const PluginRegistry& registry);

// The steps needed to produce `target` (itself and everything upstream), in plan order.
std::vector<std::string> upstream_of(const Plan& plan, const std::string& target);

}  // namespace persona::kernel
