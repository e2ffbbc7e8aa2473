// The `persona` subcommands; main.cpp parses arguments and calls these.
#pragma once
#include <string>
#include <vector>

#include "persona/kernel/registry.h"
#include "persona/kernel/store.h"

namespace persona::cli {

// Options every command shares.
struct Common {
    std::string store;                 // --store; "" = $PERSONA_STORE or .persona/store.db
    std::vector<std::string> plugin_dirs;  // --plugins (extra folders)
    bool json = false;                 // --json: machine-readable output only
};

// `persona run` options.
struct RunArgs {
    std::string pipeline;
    std::vector<std::string> sets;
    std::string seed, device, only;
    bool no_cache = false;
    int jobs = 2;
    int threads = 0;
};

// `persona profile show|query` options.
struct ProfileArgs {
    std::string run = "last";
    std::string step;        // --step STEP[.PORT]; "" = the run's profile.assemble step
    std::string user;        // show
    std::string expression;  // query
    std::vector<std::string> columns;  // query: columns to print ([] = id, queried columns, segment, stage)
    bool csv = false;        // query: CSV output
    int limit = 50;          // query: rows printed in the terminal (0 = all)
};

std::string store_path(const Common& common);
void load_plugins(kernel::PluginRegistry& registry, const Common& common, bool quiet);

int run_pipeline_command(const Common& common, const RunArgs& args);
int validate_command(const Common& common, const RunArgs& args);
int plugins_list_command(const Common& common);
int plugins_describe_command(const Common& common, const std::string& op);
int runs_list_command(const Common& common, int limit);
int runs_show_command(const Common& common, const std::string& run);
int runs_diff_command(const Common& common, const std::string& a, const std::string& b);
int cache_ls_command(const Common& common);
int cache_verify_command(const Common& common);
int cache_gc_command(const Common& common, const std::string& max_size);
int profile_show_command(const Common& common, const ProfileArgs& args);
int profile_query_command(const Common& common, const ProfileArgs& args);
int export_command(const Common& common, const std::string& run, const std::string& what, const std::string& format,
                   const std::string& output);

// Resolves "last", "latest", "-1" (newest), "-2", or a number to a run id; throws Error.
int64_t resolve_run_id(kernel::Store& store, const std::string& run);
// Prints one run's metrics as tables (one per metrics step).
std::string metrics_text(const Json& record);

}  // namespace persona::cli
