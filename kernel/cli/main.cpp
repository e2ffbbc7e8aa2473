// persona: the command-line interface of the Persona workbench.
#include <CLI/CLI.hpp>

#include <iostream>

#include "commands.h"
#include "persona/dsl/pipeline.h"

using namespace persona;

int main(int argc, char** argv) {
    CLI::App app{"Persona: user profiling and interaction modeling workbench"};
    app.require_subcommand(1);
    cli::Common common;
    app.add_option("--store", common.store, "store database (default: $PERSONA_STORE or .persona/store.db)");
    app.add_option("--plugins", common.plugin_dirs, "extra plugin folder (repeatable)");

    cli::RunArgs run_args;
    auto* run = app.add_subcommand("run", "run a pipeline (cached steps are not run again)");
    run->add_option("pipeline", run_args.pipeline, "pipeline YAML file")->required();
    run->add_option("--set", run_args.sets, "override: params.NAME=V, STEP.PARAM=V, seed=N, device=D (repeatable)");
    run->add_option("--seed", run_args.seed, "pipeline seed");
    run->add_option("--device", run_args.device, "auto | cpu | cuda");
    run->add_flag("--no-cache", run_args.no_cache, "run every step even when its result is cached");
    run->add_option("--only", run_args.only, "run only this step and the steps it needs");
    run->add_option("--jobs,-j", run_args.jobs, "steps run at once (default 2)")->check(CLI::Range(1, 64));
    run->add_option("--threads", run_args.threads, "threads per step (default: all cores)")->check(CLI::Range(0, 1024));
    run->add_flag("--json", common.json, "print the run record as JSON only");

    auto* validate = app.add_subcommand("validate", "check a pipeline without running it");
    validate->add_option("pipeline", run_args.pipeline, "pipeline YAML file")->required();
    validate->add_option("--set", run_args.sets, "override (as for run)");
    validate->add_flag("--json", common.json, "print the result as JSON");

    auto* plugins = app.add_subcommand("plugins", "list and describe operators");
    plugins->require_subcommand(1);
    auto* plugins_list = plugins->add_subcommand("list", "every operator with its plugin and version");
    plugins_list->add_flag("--json", common.json, "JSON output");
    std::string op_name;
    auto* plugins_describe = plugins->add_subcommand("describe", "an operator's ports and parameters");
    plugins_describe->add_option("operator", op_name, "operator name, e.g. model.itemknn")->required();
    plugins_describe->add_flag("--json", common.json, "JSON output");

    auto* runs = app.add_subcommand("runs", "run records");
    runs->require_subcommand(1);
    int limit = 20;
    auto* runs_list = runs->add_subcommand("list", "runs, newest first");
    runs_list->add_option("--limit,-n", limit, "how many (0 = all)")->check(CLI::NonNegativeNumber);
    runs_list->add_flag("--json", common.json, "JSON output");
    std::string run_a, run_b;
    auto* runs_show = runs->add_subcommand("show", "one run: pipeline, steps, cache hits, timings, metrics");
    runs_show->add_option("run", run_a, "run id, or last")->required();
    runs_show->add_flag("--json", common.json, "JSON output");
    auto* runs_diff = runs->add_subcommand("diff", "what differed between two runs and how the metrics moved");
    runs_diff->add_option("run_a", run_a, "first run id")->required();
    runs_diff->add_option("run_b", run_b, "second run id")->required();
    runs_diff->add_flag("--json", common.json, "JSON output");

    auto* cache = app.add_subcommand("cache", "manage the store");
    cache->require_subcommand(1);
    auto* cache_ls = cache->add_subcommand("ls", "cached steps, most recently used first");
    cache_ls->add_flag("--json", common.json, "JSON output");
    auto* cache_verify = cache->add_subcommand("verify", "re-hash every artifact and check every cache entry");
    cache_verify->add_flag("--json", common.json, "JSON output");
    std::string max_size;
    auto* cache_gc = cache->add_subcommand("gc", "drop least recently used cache entries until the store fits");
    cache_gc->add_option("--max-size", max_size, "e.g. 500M, 2G")->required();
    cache_gc->add_flag("--json", common.json, "JSON output");

    std::string export_what, export_format = "csv", export_output;
    auto* exp = app.add_subcommand("export", "write an artifact of a run out as CSV or JSON");
    exp->add_option("run", run_a, "run id, or last")->required();
    exp->add_option("step", export_what, "STEP or STEP.PORT")->required();
    exp->add_option("--format", export_format, "csv | json")->check(CLI::IsMember({"csv", "json"}));
    exp->add_option("--output,-o", export_output, "file (or folder for files artifacts); default: standard output");

    cli::ProfileArgs profile_args;
    auto* profile = app.add_subcommand("profile", "user profiles of a run: one user's card, or users matching a query");
    profile->require_subcommand(1);
    auto* profile_show = profile->add_subcommand("show", "a readable profile card of one user");
    profile_show->add_option("user", profile_args.user, "user id")->required();
    profile_show->add_option("--run", profile_args.run, "run id, or last (default)");
    profile_show->add_option("--step", profile_args.step, "profile table STEP[.PORT] (default: the profile.assemble step named profile, else the last one)");
    profile_show->add_flag("--json", common.json, "JSON output");
    auto* profile_query = profile->add_subcommand("query", "users whose profile matches an expression, e.g. 'segment = \"At Risk\" and monetary > 500'");
    profile_query->add_option("expression", profile_args.expression, "condition over profile columns")->required();
    profile_query->add_option("--run", profile_args.run, "run id, or last (default)");
    profile_query->add_option("--step", profile_args.step, "profile table STEP[.PORT] (default: the profile.assemble step named profile, else the last one)");
    profile_query->add_option("--columns", profile_args.columns, "columns to print (default: user, the queried ones, segment, stage; all for --csv/--json)")->delimiter(',');
    profile_query->add_option("--limit,-n", profile_args.limit, "rows printed in the terminal (0 = all)")->check(CLI::NonNegativeNumber);
    auto* query_json = profile_query->add_flag("--json", common.json, "JSON output (all columns)");
    profile_query->add_flag("--csv", profile_args.csv, "CSV output (all columns)")->excludes(query_json);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }

    try {
        if (*run) return cli::run_pipeline_command(common, run_args);
        if (*validate) return cli::validate_command(common, run_args);
        if (*plugins_list) return cli::plugins_list_command(common);
        if (*plugins_describe) return cli::plugins_describe_command(common, op_name);
        if (*runs_list) return cli::runs_list_command(common, limit);
        if (*runs_show) return cli::runs_show_command(common, run_a);
        if (*runs_diff) return cli::runs_diff_command(common, run_a, run_b);
        if (*cache_ls) return cli::cache_ls_command(common);
        if (*cache_verify) return cli::cache_verify_command(common);
        if (*cache_gc) return cli::cache_gc_command(common, max_size);
        if (*profile_show) return cli::profile_show_command(common, profile_args);
        if (*profile_query) return cli::profile_query_command(common, profile_args);
        if (*exp) return cli::export_command(common, run_a, export_what, export_format, export_output);
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
    return 2;
}
