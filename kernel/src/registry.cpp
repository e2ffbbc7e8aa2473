#include "persona/kernel/registry.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace persona::kernel {

namespace {
std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot read " + path.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string version_text(uint32_t major, uint32_t minor) {
    return std::to_string(major) + "." + std::to_string(minor);
}
}  // namespace

PluginRegistry::~PluginRegistry() {
    // Operators hold std::function objects whose code lives in the libraries: drop them first.
    operators_.clear();
    loaders_.clear();
    for (void* h : handles_) dlclose(h);
}

void PluginRegistry::load(const std::filesystem::path& library) {
    std::string where = library.string();
    void* handle = dlopen(where.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) throw Error("plugin " + where + ": cannot load: " + dlerror());
    using EntryFn = const PersonaPluginDescriptor* (*)();
    auto entry = reinterpret_cast<EntryFn>(dlsym(handle, PERSONA_PLUGIN_ENTRY));
    if (!entry) {
        dlclose(handle);
        throw Error("plugin " + where + ": no entry point '" PERSONA_PLUGIN_ENTRY "' (declare it with PERSONA_PLUGIN)");
    }
    const PersonaPluginDescriptor* d = entry();
    if (!d || d->abi_major != PERSONA_ABI_MAJOR || d->abi_minor > PERSONA_ABI_MINOR) {
        std::string theirs = d ? version_text(d->abi_major, d->abi_minor) : "unknown";
        std::string name = d && d->name ? d->name : "?";
        dlclose(handle);
        throw Error("plugin " + where + " ('" + name + "') was built for Persona plugin ABI " + theirs +
                    ", but this Persona has ABI " + version_text(PERSONA_ABI_MAJOR, PERSONA_ABI_MINOR) +
                    ": rebuild the plugin against this SDK");
    }
    LoadedPlugin plugin;
    plugin.name = d->name ? d->name : library.stem().string();
    plugin.version = d->version ? d->version : "0";
    plugin.path = std::filesystem::absolute(library);
    plugin.build_id = hash_bytes(read_file(library));
    for (const auto& p : plugins_)
        if (p.name == plugin.name) {
            dlclose(handle);
            throw Error("plugin " + where + ": a plugin named '" + plugin.name + "' is already loaded from " + p.path.string());
        }

    // Remember the registry so that a throwing plugin leaves nothing half-registered.
    auto before_ops = operators_;
    auto before_loaders = loaders_;
    loading_ = &plugin;
    std::string failure;
    try {
        d->register_operators(this);
    } catch (const std::exception& e) {
        failure = e.what();
    } catch (...) {
        failure = "unknown exception";
    }
    loading_ = nullptr;
    if (!failure.empty()) {
        // The exception object lived in the plugin's code: unload only after it is gone.
        operators_ = std::move(before_ops);
        loaders_ = std::move(before_loaders);
        dlclose(handle);
        throw Error("plugin " + where + " ('" + plugin.name + "'): registration failed: " + failure);
    }
    handles_.push_back(handle);
    plugins_.push_back(std::move(plugin));
}

void PluginRegistry::load_dir(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) return;
    std::vector<std::filesystem::path> libs;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".so") libs.push_back(entry.path());
    std::sort(libs.begin(), libs.end());
    for (const auto& lib : libs) {
        try {
            load(lib);
        } catch (const std::exception& e) {
            problems_.push_back(e.what());
        }
    }
}

void PluginRegistry::load_default(const std::filesystem::path& executable) {
    std::filesystem::path bin = std::filesystem::absolute(executable).parent_path();
    for (auto dir : {bin / "../plugins", bin / "../lib/persona/plugins"}) {
        std::error_code ec;
        if (std::filesystem::is_directory(dir, ec)) {
            load_dir(std::filesystem::canonical(dir));
            break;
        }
    }
    if (const char* extra = std::getenv("PERSONA_PLUGIN_PATH")) {
        std::stringstream list(extra);
        std::string dir;
        while (std::getline(list, dir, ':'))
            if (!dir.empty()) load_dir(dir);
    }
}

const RegisteredOperator* PluginRegistry::find(const std::string& name) const {
    auto it = operators_.find(name);
    return it == operators_.end() ? nullptr : &it->second;
}

const RegisteredOperator& PluginRegistry::get(const std::string& name) const {
    if (const auto* op = find(name)) return *op;
    std::string family = name.substr(0, name.find('.'));
    std::string same_family;
    for (const auto& [n, _] : operators_)
        if (n.rfind(family + ".", 0) == 0) same_family += (same_family.empty() ? "" : ", ") + n;
    std::string message = "unknown operator '" + name + "'";
    if (!same_family.empty()) message += " (known in '" + family + "': " + same_family + ")";
    else message += " (see `persona plugins list`)";
    throw Error(message);
}

void PluginRegistry::add_operator(OperatorSpec spec, RunFunction run) {
    if (spec.name.find('.') == std::string::npos)
        throw Error("operator name '" + spec.name + "' must look like family.name");
    if (operators_.count(spec.name)) throw Error("operator '" + spec.name + "' is registered twice");
    if (spec.outputs.empty()) throw Error("operator '" + spec.name + "' declares no output");
    std::string plugin = loading_ ? loading_->name : "(built in)";
    std::string build_id = loading_ ? loading_->build_id : "";
    if (loading_) loading_->operators.push_back(spec.name);
    std::string name = spec.name;
    operators_.emplace(name, RegisteredOperator{std::move(spec), std::move(run), plugin, build_id});
}

void PluginRegistry::add_recommender_loader(const std::string& format, RecommenderLoader loader) {
    if (loaders_.count(format)) throw Error("model format '" + format + "' is registered twice");
    loaders_.emplace(format, std::move(loader));
}

std::unique_ptr<Recommender> PluginRegistry::load_recommender(const Model& model) const {
    auto it = loaders_.find(model.format);
    if (it == loaders_.end())
        throw Error("no loaded plugin can score models of format '" + model.format + "'");
    return it->second(model);
}

}  // namespace persona::kernel
