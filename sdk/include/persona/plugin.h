// Plugin entry point: the C descriptor a plugin exports and the registry it fills.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "persona/context.h"
#include "persona/operator.h"

// The ABI of this SDK. The kernel refuses a plugin whose major differs or whose minor is newer.
#define PERSONA_ABI_MAJOR 2
#define PERSONA_ABI_MINOR 2

namespace persona {

// Builds a Recommender from a Model artifact of one format.
using RecommenderLoader = std::function<std::unique_ptr<Recommender>(const Model&)>;

// What a plugin registers into while it loads.
class Registry {
public:
    virtual ~Registry() = default;
    virtual void add_operator(OperatorSpec spec, RunFunction run) = 0;
    virtual void add_recommender_loader(const std::string& format, RecommenderLoader loader) = 0;
    // Builds a Recommender for a Model of any loaded plugin's format, for models made of other
    // models; a loader may keep this registry and call it when it runs (ABI 2.1).
    virtual std::unique_ptr<Recommender> load_recommender(const Model& model) const = 0;
};

}  // namespace persona

extern "C" {
// The plain descriptor returned by a plugin's entry point.
struct PersonaPluginDescriptor {
    uint32_t abi_major;
    uint32_t abi_minor;
    const char* name;
    const char* version;
    void (*register_operators)(persona::Registry* registry);
};
}

// The name of the one symbol every plugin exports.
#define PERSONA_PLUGIN_ENTRY "persona_plugin_descriptor"

// Declares the plugin entry point. REGISTER is a function `void REGISTER(persona::Registry&)`.
#define PERSONA_PLUGIN(NAME, VERSION, REGISTER)                                            \
    extern "C" __attribute__((visibility("default"))) const PersonaPluginDescriptor*       \
    persona_plugin_descriptor() {                                                          \
        static const PersonaPluginDescriptor descriptor{                                   \
            PERSONA_ABI_MAJOR, PERSONA_ABI_MINOR, NAME, VERSION,                           \
            [](persona::Registry* registry) { REGISTER(*registry); }};                     \
        return &descriptor;                                                                \
    }
