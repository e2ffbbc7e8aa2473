// PluginRegistry: loads plugin shared libraries and holds their operators and model loaders.
#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "persona/error.h"
#include "persona/plugin.h"

namespace persona::kernel {

// One operator as registered by a plugin.
struct RegisteredOperator {
    OperatorSpec spec;
    RunFunction run;
    std::string plugin;    // plugin name
    std::string build_id;  // hash of the plugin's shared library: part of every cache key
};

// A loaded plugin library and what loading it said.
struct LoadedPlugin {
    std::string name;
    std::string version;
    std::filesystem::path path;
    std::string build_id;
    std::vector<std::string> operators;
};

// Loads plugins (refusing incompatible ABIs) and looks up operators by name.
class PluginRegistry : public Registry {
public:
    PluginRegistry() = default;
    ~PluginRegistry() override;
    PluginRegistry(const PluginRegistry&) = delete;
    PluginRegistry& operator=(const PluginRegistry&) = delete;

    // Loads one plugin; throws Error for a missing entry point, an ABI mismatch or a failed registration.
    void load(const std::filesystem::path& library);
    // Loads every *.so in a folder; failures are collected in problems(), not thrown.
    void load_dir(const std::filesystem::path& dir);
    // Loads the default plugin folders: next to the executable, then $PERSONA_PLUGIN_PATH (':'-separated).
    void load_default(const std::filesystem::path& executable);

    const RegisteredOperator* find(const std::string& name) const;
    const RegisteredOperator& get(const std::string& name) const;  // throws Error listing close names
    const std::map<std::string, RegisteredOperator>& operators() const { return operators_; }
    const std::vector<LoadedPlugin>& plugins() const { return plugins_; }
    const std::vector<std::string>& problems() const { return problems_; }

    // Registry (called by plugins while they register, and by loaders of composite models).
    void add_operator(OperatorSpec spec, RunFunction run) override;
    void add_recommender_loader(const std::string& format, RecommenderLoader loader) override;
    std::unique_ptr<Recommender> load_recommender(const Model& model) const override;

private:
    std::map<std::string, RegisteredOperator> operators_;
    std::map<std::string, RecommenderLoader> loaders_;
    std::vector<LoadedPlugin> plugins_;
    std::vector<std::string> problems_;
    std::vector<void*> handles_;
    LoadedPlugin* loading_ = nullptr;
};

}  // namespace persona::kernel
