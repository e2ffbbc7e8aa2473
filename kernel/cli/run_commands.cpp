// `persona run` and `persona validate`, plus the helpers every command shares.
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "commands.h"
#include "persona/dsl/pipeline.h"
#include "persona/kernel/executor.h"
#include "persona/kernel/plan.h"
#include "text_table.h"

namespace persona::cli {

namespace {
std::atomic<bool> g_cancel{false};

extern "C" void on_interrupt(int) { g_cancel = true; }

std::vector<dsl::Override> overrides_of(const RunArgs& args) {
    std::vector<dsl::Override> out;
    for (const auto& s : args.sets) {
        auto eq = s.find('=');
        if (eq == std::string::npos || eq == 0)
            throw Error("--set " + s + ": expected KEY=VALUE (params.NAME=V, STEP.PARAM=V, seed=N or device=D)");
        out.push_back({s.substr(0, eq), s.substr(eq + 1)});
    }
    if (!args.seed.empty()) out.push_back({"seed", args.seed});
    if (!args.device.empty()) out.push_back({"device", args.device});
    return out;
}
}  // namespace

std::string store_path(const Common& common) {
    if (!common.store.empty()) return common.store;
    if (const char* env = std::getenv("PERSONA_STORE")) return env;
    return ".persona/store.db";
}

void load_plugins(kernel::PluginRegistry& registry, const Common& common, bool quiet) {
    registry.load_default(std::filesystem::read_symlink("/proc/self/exe"));
    for (const auto& dir : common.plugin_dirs) {
        if (!std::filesystem::is_directory(dir)) throw Error("--plugins " + dir + ": no such folder");
        registry.load_dir(dir);
    }
    if (!quiet)
        for (const auto& problem : registry.problems()) std::cerr << "warning: " << problem << "\n";
}

std::string metrics_text(const Json& record) {
    std::string out;
    Json metrics = record.value("metrics", Json::object());
    for (const auto& [step, rows] : metrics.items()) {
        std::vector<std::string> names;
        for (const auto& [label, values] : rows.items())
            for (const auto& [name, _] : values.items())
                if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
        std::vector<std::string> header{step};
        header.insert(header.end(), names.begin(), names.end());
        TextTable table(header);
        for (const auto& [label, values] : rows.items()) {
            std::vector<std::string> row{label};
            for (const auto& n : names) {
                if (!values.contains(n)) row.push_back("");
                else if (values[n].is_number()) row.push_back(format_number(values[n].get<double>()));
                else row.push_back(values[n].is_string() ? values[n].get<std::string>() : values[n].dump());
            }
            table.add(row);
        }
        out += table.str() + "\n";
    }
    return out;
}

int validate_command(const Common& common, const RunArgs& args) {
    kernel::PluginRegistry registry;
    load_plugins(registry, common, common.json);
    try {
        dsl::Pipeline pipeline = dsl::read_pipeline_file(args.pipeline, overrides_of(args));
        kernel::Plan plan = kernel::plan_pipeline(pipeline, registry);
        if (common.json) {
            Json steps = Json::array();
            for (const auto& s : plan.steps) steps.push_back({{"id", s.step->id}, {"operator", s.op->spec.name}, {"params", s.params}});
            std::cout << Json{{"valid", true}, {"pipeline", pipeline.name}, {"steps", steps}}.dump(2) << "\n";
        } else {
            std::cout << args.pipeline << ": ok (" << plan.steps.size() << " steps)\n";
        }
        return 0;
    } catch (const dsl::PipelineError& e) {
        if (common.json)
            std::cout << Json{{"valid", false}, {"error", e.what()}, {"file", e.where().file}, {"line", e.where().line},
                              {"column", e.where().column}}.dump(2) << "\n";
        else
            std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}

int run_pipeline_command(const Common& common, const RunArgs& args) {
    kernel::PluginRegistry registry;
    load_plugins(registry, common, common.json);
    dsl::Pipeline pipeline = dsl::read_pipeline_file(args.pipeline, overrides_of(args));
    kernel::Plan plan = kernel::plan_pipeline(pipeline, registry);
    if (!args.only.empty()) plan.get(args.only);

    std::filesystem::path store_file = store_path(common);
    kernel::Store store(store_file);
    kernel::RunOptions options;
    options.use_cache = !args.no_cache;
    options.only = args.only;
    options.jobs = args.jobs;
    options.threads = args.threads;
    options.show_progress = true;
    options.cancel = &g_cancel;
    options.outputs_dir = store_file.parent_path() / "outputs";
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);

    kernel::RunOutcome outcome = kernel::run_plan(plan, registry, store, options);
    const Json& r = outcome.record;
    if (common.json) {
        std::cout << r.dump(2) << "\n";
        return outcome.ok() ? 0 : 1;
    }
    if (!outcome.ok()) {
        std::cerr << "error: run " << outcome.run_id << " failed: " << r.value("error", std::string("unknown error")) << "\n";
        return 1;
    }
    int ran = 0, cached = 0;
    for (const auto& s : r["steps"]) (s.value("cached", false) ? cached : ran)++;
    std::cout << "\nrun " << outcome.run_id << " of " << pipeline.name << ": ok in " << format_number(r["seconds"].get<double>())
              << " s (" << ran << " steps ran, " << cached << " cached)\n\n";
    std::cout << metrics_text(r);
    for (const auto& f : r["files"]) std::cout << f["step"].get<std::string>() << ": " << f["path"].get<std::string>() << "\n";
    std::cout << "store: " << std::filesystem::absolute(store_file).lexically_normal().string() << "\n";
    return 0;
}

}  // namespace persona::cli
