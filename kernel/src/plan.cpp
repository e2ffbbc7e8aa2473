#include "persona/kernel/plan.h"

#include <filesystem>
#include <map>
#include <set>

#include "persona/kernel/params.h"

namespace persona::kernel {

namespace {
using dsl::Location;
using dsl::PipelineError;

std::string port_names(const std::vector<PortSpec>& ports) {
    std::string names;
    for (const auto& p : ports) names += (names.empty() ? "" : ", ") + p.name;
    return names.empty() ? "none" : names;
}

Location param_location(const dsl::Step& step, const std::string& param) {
    auto it = step.param_where.find(param);
    return it != step.param_where.end() ? it->second : step.where;
}

// Resolves one `from` entry against the consumer's and the producer's signatures.
PlannedInput plan_input(const dsl::Step& step, const OperatorSpec& spec, const dsl::StepInput& in,
                        const std::map<std::string, const RegisteredOperator*>& ops) {
    const std::string prefix = "step '" + step.id + "': ";
    if (spec.inputs.empty()) throw PipelineError(in.where, prefix + spec.name + " takes no inputs, remove `from`");
    const PortSpec* port = in.port.empty() ? &spec.inputs.front() : spec.find_input(in.port);
    if (!port)
        throw PipelineError(in.where, prefix + spec.name + " has no input '" + in.port + "' (inputs: " + port_names(spec.inputs) + ")");
    auto producer = ops.find(in.step);
    if (producer == ops.end()) throw PipelineError(in.where, prefix + "input from unknown step '" + in.step + "'");
    const OperatorSpec& pspec = producer->second->spec;
    const PortSpec* out = in.output.empty() ? &pspec.outputs.front() : pspec.find_output(in.output);
    if (!out)
        throw PipelineError(in.where, prefix + "step '" + in.step + "' (" + pspec.name + ") has no output '" + in.output +
                                          "' (outputs: " + port_names(pspec.outputs) + ")");
    if (out->kind != port->kind)
        throw PipelineError(in.where, prefix + "input '" + port->name + "' expects a " + to_string(port->kind) + ", but " +
                                          in.step + "." + out->name + " is a " + to_string(out->kind));
    return PlannedInput{port->name, in.step, out->name};
}
}  // namespace

const PlannedStep& Plan::get(const std::string& id) const {
    for (const auto& s : steps)
        if (s.step->id == id) return s;
    throw Error("no step '" + id + "' in pipeline");
}

Plan plan_pipeline(const dsl::Pipeline& pipeline, const PluginRegistry& registry) {
    std::map<std::string, const RegisteredOperator*> ops;
    for (const auto& step : pipeline.steps) {
        try {
            ops[step.id] = &registry.get(step.op);
        } catch (const Error& e) {
            throw PipelineError(step.op_where, "step '" + step.id + "': " + e.what());
        }
    }

    std::map<std::string, PlannedStep> planned;
    for (const auto& step : pipeline.steps) {
        PlannedStep ps;
        ps.step = &step;
        ps.op = ops[step.id];
        const OperatorSpec& spec = ps.op->spec;
        try {
            ps.params = resolve_params(spec, step.params);
        } catch (const ParamError& e) {
            Location where = e.param().empty() ? step.where : param_location(step, e.param());
            throw PipelineError(where, "step '" + step.id + "' (" + spec.name + "), " + e.what());
        }
        std::map<std::string, int> per_port;
        for (const auto& in : step.inputs) {
            PlannedInput pi = plan_input(step, spec, in, ops);
            const PortSpec* port = spec.find_input(pi.port);
            if (++per_port[pi.port] > 1 && !port->many)
                throw PipelineError(in.where, "step '" + step.id + "': input '" + pi.port + "' takes one " +
                                                  to_string(port->kind) + ", not a list");
            if (std::find(ps.depends_on.begin(), ps.depends_on.end(), pi.step) == ps.depends_on.end())
                ps.depends_on.push_back(pi.step);
            ps.inputs.push_back(pi);
        }
        for (const auto& port : spec.inputs)
            if (!port.optional && !per_port.count(port.name))
                throw PipelineError(step.where, "step '" + step.id + "' (" + spec.name + "): input '" + port.name +
                                                    "' (" + to_string(port.kind) + ": " + port.doc + ") is not connected; add it to `from`");
        for (const auto& p : spec.params) {
            if (p.type != ParamType::Path || !ps.params[p.name].is_string()) continue;
            std::string path = ps.params[p.name].get<std::string>();
            std::error_code ec;
            if (!std::filesystem::exists(path, ec))
                throw PipelineError(param_location(step, p.name), "step '" + step.id + "', parameter '" + p.name +
                                                                      "': no such file or folder: " + path);
            ps.path_params.push_back(p.name);
        }
        planned[step.id] = std::move(ps);
    }

    // Kahn's algorithm, taking ready steps in file order; the DSL already rejected cycles.
    Plan plan;
    plan.pipeline = &pipeline;
    std::set<std::string> done;
    while (plan.steps.size() < pipeline.steps.size()) {
        bool progressed = false;
        for (const auto& step : pipeline.steps) {
            if (done.count(step.id)) continue;
            const PlannedStep& ps = planned[step.id];
            bool ready = true;
            for (const auto& d : ps.depends_on) ready = ready && done.count(d);
            if (!ready) continue;
            plan.steps.push_back(ps);
            done.insert(step.id);
            progressed = true;
        }
        if (!progressed) {
            for (const auto& step : pipeline.steps)
                if (!done.count(step.id)) throw PipelineError(step.where, "step '" + step.id + "' is part of a cycle");
        }
    }
    return plan;
}

std::vector<std::string> upstream_of(const Plan& plan, const std::string& target) {
    std::set<std::string> needed{target};
    plan.get(target);
    for (auto it = plan.steps.rbegin(); it != plan.steps.rend(); ++it)
        if (needed.count(it->step->id))
            for (const auto& d : it->depends_on) needed.insert(d);
    std::vector<std::string> out;
    for (const auto& s : plan.steps)
        if (needed.count(s.step->id)) out.push_back(s.step->id);
    return out;
}

}  // namespace persona::kernel
