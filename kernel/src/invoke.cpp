#include "persona/kernel/invoke.h"

#include "persona/kernel/params.h"
#include "persona/kernel/step_context.h"

namespace persona::kernel {

Outputs invoke(const PluginRegistry& registry, const std::string& op, const Inputs& inputs, const Json& params,
               const InvokeOptions& options) {
    const RegisteredOperator& reg = registry.get(op);
    Params resolved(resolve_params(reg.spec, params));
    StepContext context(registry, options.step_id, options.device, options.seed, options.threads);
    Outputs outputs = reg.run(context, inputs, resolved);
    for (const auto& port : reg.spec.outputs) {
        auto it = outputs.find(port.name);
        if (it == outputs.end() || !it->second)
            throw Error(op + " did not produce its output '" + port.name + "'");
        if (it->second->kind() != port.kind)
            throw Error(op + " output '" + port.name + "' is a " + to_string(it->second->kind()) + ", declared " +
                        to_string(port.kind));
    }
    return outputs;
}

std::string build_plugin_dir() { return PERSONA_BUILD_PLUGIN_DIR; }

}  // namespace persona::kernel
