// End-to-end tests of the `persona` CLI on real plugins, a real store and real pipelines.
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <set>
#include <thread>

#include "cli_test.h"
#include "persona/plugin.h"

using namespace persona::testing;
using nlohmann::json;

namespace {

const char* kPipeline = R"YAML(name: e2e
seed: 11
params: {k: 10, users: 300}
steps:
  events: {use: source.synthetic, with: {users: "${params.users}", items: 120, days: 30}}
  clean:  {use: transform.clean, from: events, with: {dedupe: true}}
  split:  {use: transform.split, from: clean, with: {method: leave_one_out}}
  pop:    {use: model.popularity, from: split.train}
  knn:    {use: model.itemknn, from: split.train, with: {neighbors: 50}}
  eval:   {use: metric.ranking, from: {models: [pop, knn], truth: split.test, seen: split.train}, with: {k: ["${params.k}", 20]}}
  report: {use: report.html, from: [eval]}
)YAML";

std::set<std::string> ran_steps(const json& record) {
    std::set<std::string> ran;
    for (const auto& s : record["steps"])
        if (!s["cached"].get<bool>()) ran.insert(s["id"].get<std::string>());
    return ran;
}

std::string fixture_dir(const std::string& name) {
    return std::string(PERSONA_BINARY_DIR) + "/test-plugins/" + name;
}

}  // namespace

TEST_CASE("a second identical run is all cache hits with identical metrics") {
    ScratchDir dir;
    write_text(dir / "p.yaml", kPipeline);
    CliResult first = run_persona(dir.path(), "run p.yaml --json");
    INFO(first.err);
    REQUIRE(first.code == 0);
    json a = first.json();
    CHECK(a["status"] == "ok");
    CHECK(ran_steps(a).size() == 7);
    double knn = a["metrics"]["eval"]["knn"]["NDCG@10"].get<double>();
    double pop = a["metrics"]["eval"]["pop"]["NDCG@10"].get<double>();
    CHECK(knn > 0.0);
    CHECK(knn > pop);

    CliResult second = run_persona(dir.path(), "run p.yaml --json");
    REQUIRE(second.code == 0);
    json b = second.json();
    CHECK(ran_steps(b).empty());
    CHECK(b["metrics"] == a["metrics"]);
    CHECK(b["id"].get<int>() == a["id"].get<int>() + 1);
    for (size_t i = 0; i < a["steps"].size(); ++i) CHECK(a["steps"][i]["outputs"] == b["steps"][i]["outputs"]);

    // The report page was written out and names the run's metrics.
    REQUIRE(b["files"].size() == 1);
    std::string page = read_text(b["files"][0]["path"].get<std::string>());
    CHECK(page.find("NDCG@10") != std::string::npos);

    // The human-readable run prints a metrics table and where the store is.
    CliResult text = run_persona(dir.path(), "run p.yaml");
    REQUIRE(text.code == 0);
    CHECK(text.out.find("7 cached") != std::string::npos);
    CHECK(text.out.find("store.db") != std::string::npos);
}

TEST_CASE("changing one parameter re-runs exactly that step and what depends on it") {
    ScratchDir dir;
    write_text(dir / "p.yaml", kPipeline);
    REQUIRE(run_persona(dir.path(), "run p.yaml --json").code == 0);
    CliResult changed = run_persona(dir.path(), "run p.yaml --json --set knn.neighbors=20");
    REQUIRE(changed.code == 0);
    CHECK(ran_steps(changed.json()) == std::set<std::string>{"knn", "eval", "report"});

    CliResult param = run_persona(dir.path(), "run p.yaml --json --set params.k=5");
    REQUIRE(param.code == 0);
    CHECK(ran_steps(param.json()) == std::set<std::string>{"eval", "report"});
    CHECK(param.json()["metrics"]["eval"]["knn"].contains("NDCG@5"));

    CliResult seed = run_persona(dir.path(), "run p.yaml --json --seed 12");
    REQUIRE(seed.code == 0);
    CHECK(ran_steps(seed.json()).size() == 7);

    // runs diff explains the parameter change and the metric movement.
    CliResult diff = run_persona(dir.path(), "runs diff 1 2 --json");
    REQUIRE(diff.code == 0);
    json d = diff.json();
    bool saw_neighbors = false;
    for (const auto& s : d["steps"])
        if (s["id"] == "knn")
            for (const auto& c : s["changes"]) saw_neighbors = saw_neighbors || c["field"] == "params.neighbors";
    CHECK(saw_neighbors);
    CHECK_FALSE(d["metrics"].empty());

    CliResult list = run_persona(dir.path(), "runs list --json");
    REQUIRE(list.code == 0);
    json runs = list.json();
    REQUIRE(runs.size() == 4);
    CHECK(runs[0]["id"] == 4);  // newest first
}

TEST_CASE("runs show --json has the documented shape") {
    ScratchDir dir;
    write_text(dir / "p.yaml", kPipeline);
    REQUIRE(run_persona(dir.path(), "run p.yaml").code == 0);
    CliResult show = run_persona(dir.path(), "runs show last --json");
    REQUIRE(show.code == 0);
    json r = show.json();
    for (const char* key : {"id", "status", "pipeline", "seed", "device", "steps", "metrics", "text", "data", "plugins"})
        CHECK(r.contains(key));
    CHECK(r["pipeline"] == "e2e");
    CHECK(r["seed"] == 11);
    for (const auto& s : r["steps"])
        for (const char* key : {"id", "operator", "version", "cached", "seconds", "outputs", "params"}) CHECK(s.contains(key));
    CHECK(r["metrics"]["eval"]["pop"]["HR@10"].is_number());

    CliResult text = run_persona(dir.path(), "runs show 1");
    CHECK(text.out.find("model.itemknn") != std::string::npos);
}

TEST_CASE("validate reports YAML mistakes with file, line and column") {
    ScratchDir dir;
    write_text(dir / "bad_op.yaml", "name: x\nsteps:\n  a: {use: source.nope}\n");
    CliResult r = run_persona(dir.path(), "validate bad_op.yaml");
    CHECK(r.code == 1);
    CHECK(r.err.find("bad_op.yaml:3:") != std::string::npos);
    CHECK(r.err.find("source.nope") != std::string::npos);

    write_text(dir / "bad_param.yaml", "name: x\nsteps:\n  a:\n    use: source.synthetic\n    with: {users: many}\n");
    r = run_persona(dir.path(), "validate bad_param.yaml");
    CHECK(r.code == 1);
    CHECK(r.err.find("bad_param.yaml:5:") != std::string::npos);
    CHECK(r.err.find("users") != std::string::npos);
    CHECK(r.err.find("integer") != std::string::npos);

    write_text(dir / "bad_kind.yaml", kPipeline + std::string("  wrong: {use: model.popularity, from: eval}\n"));
    r = run_persona(dir.path(), "validate bad_kind.yaml");
    CHECK(r.code == 1);
    CHECK(r.err.find("bad_kind.yaml:12:") != std::string::npos);
    CHECK(r.err.find("expects a table") != std::string::npos);

    write_text(dir / "missing.yaml", "name: x\nsteps:\n  pop: {use: model.popularity}\n");
    r = run_persona(dir.path(), "validate missing.yaml");
    CHECK(r.code == 1);
    CHECK(r.err.find("missing.yaml:3:3") != std::string::npos);
    CHECK(r.err.find("not connected") != std::string::npos);

    write_text(dir / "p.yaml", kPipeline);
    r = run_persona(dir.path(), "validate p.yaml");
    CHECK(r.code == 0);
    CHECK_FALSE(std::filesystem::exists(dir / ".persona"));  // validate touches no store
}

TEST_CASE("plugins list and describe show operators, ports and parameters") {
    ScratchDir dir;
    CliResult list = run_persona(dir.path(), "plugins list --json");
    REQUIRE(list.code == 0);
    std::set<std::string> names;
    for (const auto& op : list.json()) names.insert(op["operator"].get<std::string>());
    for (const char* op : {"source.csv", "source.movielens", "source.sequences", "source.synthetic", "transform.clean",
                           "transform.filter", "transform.split", "transform.sequences", "model.popularity",
                           "model.itemknn", "metric.ranking", "report.html"})
        CHECK(names.count(op));

    CliResult describe = run_persona(dir.path(), "plugins describe model.itemknn --json");
    REQUIRE(describe.code == 0);
    json d = describe.json();
    bool found = false;
    for (const auto& p : d["params"])
        if (p["name"] == "neighbors") {
            found = true;
            CHECK(p["type"] == "int");
            CHECK(p["default"] == 100);
            CHECK(p.contains("min"));
        }
    CHECK(found);
    CHECK(run_persona(dir.path(), "plugins describe model.nope").code == 1);
}

TEST_CASE("a plugin built for another ABI is refused with both versions named") {
    ScratchDir dir;
    CliResult r = run_persona(dir.path(), "--plugins " + fixture_dir("bad_abi_plugin") + " plugins list");
    CHECK(r.code == 0);  // the other plugins still load
    CHECK(r.err.find("ABI 99.0") != std::string::npos);
    const std::string ours = "ABI " + std::to_string(PERSONA_ABI_MAJOR) + "." + std::to_string(PERSONA_ABI_MINOR);
    CHECK(r.err.find(ours) != std::string::npos);
    CHECK(r.out.find("model.itemknn") != std::string::npos);

    CliResult broken = run_persona(dir.path(), "--plugins " + fixture_dir("throwing_plugin") + " plugins list");
    CHECK(broken.code == 0);
    CHECK(broken.err.find("deliberately broken") != std::string::npos);
}

TEST_CASE("a failed step is recorded, keeps what was stored, and leaves a sound store") {
    ScratchDir dir;
    write_text(dir / "p.yaml", std::string(kPipeline) + "  boom: {use: test.fail, from: split.train, with: {message: no luck}}\n");
    std::string plugins = "--plugins " + fixture_dir("fixture_plugin") + " ";
    CliResult r = run_persona(dir.path(), plugins + "run p.yaml --jobs 1");
    CHECK(r.code == 1);
    CHECK(r.err.find("no luck") != std::string::npos);
    CliResult show = run_persona(dir.path(), "runs show last --json");
    json rec = show.json();
    CHECK(rec["status"] == "failed");
    CHECK(run_persona(dir.path(), "cache verify").code == 0);
    // Steps that finished before the failure are cached.
    CliResult again = run_persona(dir.path(), plugins + "run p.yaml --json --only eval");
    REQUIRE(again.code == 0);
    CHECK(ran_steps(again.json()).empty());
}

TEST_CASE("a run killed with SIGKILL mid-step leaves a store that verifies and re-runs") {
    ScratchDir dir;
    std::string marker = (dir / "started").string();
    write_text(dir / "p.yaml", std::string(kPipeline) + "  slow: {use: test.wait, with: {seconds: 60, marker: " + marker + "}}\n");
    std::string plugins = "--plugins " + fixture_dir("fixture_plugin");
    pid_t child = fork();
    if (child == 0) {
        chdir(dir.path().c_str());
        freopen("/dev/null", "w", stdout);
        freopen("/dev/null", "w", stderr);
        execl(persona_binary().c_str(), "persona", "--plugins", fixture_dir("fixture_plugin").c_str(), "run", "p.yaml", "--jobs", "1", nullptr);
        _exit(127);
    }
    for (int i = 0; i < 600 && !std::filesystem::exists(marker); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    REQUIRE(std::filesystem::exists(marker));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WIFSIGNALED(status));

    CliResult verify = run_persona(dir.path(), "cache verify --json");
    CHECK(verify.code == 0);
    CHECK(verify.json()["ok"] == true);
    CliResult list = run_persona(dir.path(), "runs list --json");
    CHECK(list.json()[0]["status"] == "interrupted");
    // The steps finished before the kill are reused.
    CliResult rerun = run_persona(dir.path(), plugins + " run p.yaml --json --only eval");
    REQUIRE(rerun.code == 0);
    CHECK(ran_steps(rerun.json()).empty());
}

TEST_CASE("two concurrent runs on one store both succeed and leave it sound") {
    ScratchDir dir;
    write_text(dir / "p.yaml", kPipeline);
    std::string cmd = "cd '" + dir.path().string() + "' && '" + persona_binary() + "' run p.yaml --no-cache --json > ";
    std::string both = "(" + cmd + "a.json 2>a.err & " + cmd + "b.json 2>b.err & wait)";
    REQUIRE(std::system(both.c_str()) == 0);
    json a = json::parse(read_text(dir / "a.json"));
    json b = json::parse(read_text(dir / "b.json"));
    CHECK(a["status"] == "ok");
    CHECK(b["status"] == "ok");
    CHECK(a["metrics"] == b["metrics"]);
    CHECK(run_persona(dir.path(), "cache verify").code == 0);
    CHECK(run_persona(dir.path(), "runs list --json").json().size() == 2);
}

TEST_CASE("a corrupted artifact is detected on read and by cache verify") {
    ScratchDir dir;
    write_text(dir / "p.yaml", kPipeline);
    REQUIRE(run_persona(dir.path(), "run p.yaml").code == 0);
    CliResult show = run_persona(dir.path(), "runs show last --json");
    std::string hash;
    json record = show.json();
    for (const auto& s : record["steps"])
        if (s["id"] == "eval") hash = s["outputs"]["metrics"].get<std::string>();
    REQUIRE(!hash.empty());

    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir / ".persona/store.db").c_str(), &db) == SQLITE_OK);
    std::string sql = "UPDATE artifacts SET data = CAST(replace(CAST(data AS TEXT), 'HR@10', 'HR@99') AS BLOB) WHERE hash = '" + hash + "'";
    REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    CHECK(sqlite3_changes(db) == 1);
    sqlite3_close(db);

    CliResult verify = run_persona(dir.path(), "cache verify");
    CHECK(verify.code == 1);
    CHECK(verify.out.find(hash) != std::string::npos);
    CliResult exported = run_persona(dir.path(), "export last eval --format json");
    CHECK(exported.code == 1);
    CHECK(exported.err.find("corrupted") != std::string::npos);
}

TEST_CASE("export writes tables and metrics as CSV and JSON; cache ls and gc manage the store") {
    ScratchDir dir;
    write_text(dir / "p.yaml", kPipeline);
    REQUIRE(run_persona(dir.path(), "run p.yaml").code == 0);
    CliResult csv = run_persona(dir.path(), "export last split.test --format csv");
    REQUIRE(csv.code == 0);
    CHECK(csv.out.rfind("user,", 0) == 0);
    size_t lines = std::count(csv.out.begin(), csv.out.end(), '\n');
    CHECK(lines > 250);  // one test row per user (300 users, minus users too short to split)
    CliResult metrics = run_persona(dir.path(), "export last eval --format json");
    REQUIRE(metrics.code == 0);
    CHECK(metrics.json()["knn"]["HR@10"].is_number());
    CHECK(run_persona(dir.path(), "export last split.nope").code == 1);

    CliResult ls = run_persona(dir.path(), "cache ls --json");
    REQUIRE(ls.code == 0);
    CHECK(ls.json().size() == 7);
    CliResult gc = run_persona(dir.path(), "cache gc --max-size 1K --json");
    REQUIRE(gc.code == 0);
    CHECK(gc.json()["removed_entries"].get<int>() >= 6);
    CHECK(run_persona(dir.path(), "cache verify").code == 0);
    CHECK(run_persona(dir.path(), "cache gc --max-size lots").code == 1);
    // After gc the pipeline recomputes what it lost.
    CliResult rerun = run_persona(dir.path(), "run p.yaml --json");
    REQUIRE(rerun.code == 0);
    CHECK_FALSE(ran_steps(rerun.json()).empty());
}

TEST_CASE("steps that need the same exclusive resource never run side by side") {
    ScratchDir dir;
    auto pipeline = [&](const std::string& op) {
        std::string busy = (dir / (op + ".busy")).string();
        return "name: excl\nsteps:\n  a: {use: " + op + ", with: {busy: " + busy + ", tag: 1}}\n  b: {use: " + op +
               ", with: {busy: " + busy + ", tag: 2}}\n";
    };
    const std::string plugins = "--plugins " + fixture_dir("fixture_plugin") + " ";
    write_text(dir / "exclusive.yaml", pipeline("test.hold"));
    CliResult held = run_persona(dir.path(), plugins + "run exclusive.yaml --jobs 2 --json");
    INFO(held.err);
    CHECK(held.code == 0);
    // The same two steps without the resource do overlap (the check above can fail).
    write_text(dir / "shared.yaml", pipeline("test.hold_shared"));
    CliResult shared = run_persona(dir.path(), plugins + "run shared.yaml --jobs 2 --json");
    CHECK(shared.code == 1);
    CHECK_THAT(shared.json()["error"].get<std::string>(), Catch::Contains("another step holds"));
}

TEST_CASE("a failing step cancels the steps running beside it") {
    ScratchDir dir;
    write_text(dir / "p.yaml", "name: par\nsteps:\n  slow: {use: test.wait, with: {seconds: 120, marker: " + (dir / "m").string() +
                                   "}}\n  boom: {use: test.fail, with: {message: planned}}\n");
    CliResult r = run_persona(dir.path(), "--plugins " + fixture_dir("fixture_plugin") + " run p.yaml --jobs 2 --json");
    CHECK(r.code == 1);
    json rec = r.json();
    CHECK(rec["status"] == "failed");
    CHECK_THAT(rec["error"].get<std::string>(), Catch::Contains("planned"));
    for (const auto& s : rec["steps"])
        if (s["id"] == "slow") {
            // Either it had started and was stopped (not waited out), or it never started.
            if (s["status"] == "failed") CHECK_THAT(s["error"].get<std::string>(), Catch::Contains("cancelled"));
            else CHECK(s["status"] == "skipped");
        }
}

TEST_CASE("bad command-line values get a clear error and exit status 1") {
    ScratchDir dir;
    write_text(dir / "p.yaml", kPipeline);
    CliResult device = run_persona(dir.path(), "run p.yaml --device gpu");
    CHECK(device.code == 1);
    CHECK(device.err.find("expected auto, cpu or cuda") != std::string::npos);
    CliResult set = run_persona(dir.path(), "run p.yaml --set knn.neighbors");
    CHECK(set.code == 1);
    CHECK(set.err.find("expected KEY=VALUE") != std::string::npos);
    CliResult unknown_param = run_persona(dir.path(), "run p.yaml --set knn.nope=3");
    CHECK(unknown_param.code == 1);
    CHECK(unknown_param.err.find("unknown parameter 'nope'") != std::string::npos);
    CliResult only = run_persona(dir.path(), "run p.yaml --only nosuch");
    CHECK(only.code == 1);
    CHECK(only.err.find("no step 'nosuch'") != std::string::npos);
    CliResult missing = run_persona(dir.path(), "run nofile.yaml");
    CHECK(missing.code == 1);
    CHECK(missing.err.find("nofile.yaml") != std::string::npos);
    REQUIRE(run_persona(dir.path(), "run p.yaml").code == 0);
    CliResult run = run_persona(dir.path(), "runs show 999");
    CHECK(run.code == 1);
    CHECK(run.err.find("no run '999'") != std::string::npos);
    CHECK(run_persona(dir.path(), "export last eval --format xml").code != 0);
}
