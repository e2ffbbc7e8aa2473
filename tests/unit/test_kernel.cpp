// Unit tests of the kernel: parameter checking, the SQLite store, seeds and path hashing.
#include <catch2/catch.hpp>

#include "cli_test.h"
#include "persona/kernel/executor.h"
#include "persona/kernel/params.h"
#include "persona/kernel/store.h"

using namespace persona;
using namespace persona::kernel;

namespace {
OperatorSpec sample_spec() {
    OperatorSpec spec;
    spec.name = "model.sample";
    spec.version = "1";
    spec.input("train", Kind::Table, "rows");
    spec.output("model", Kind::Model, "the model");
    spec.param("neighbors", ParamType::Int, 100, "how many").range(1, 1000);
    spec.param("rate", ParamType::Float, 0.5, "a rate").range(0, 1);
    spec.param("mode", ParamType::String, "fast", "how").one_of({"fast", "slow"});
    spec.param("k", ParamType::IntList, Json::array({10, 20}), "cut-offs").at_least(1);
    spec.param("path", ParamType::Path, nullptr, "required file");
    return spec;
}
}  // namespace

TEST_CASE("resolve_params fills defaults, widens ints to floats and checks every constraint") {
    OperatorSpec spec = sample_spec();
    Json p = resolve_params(spec, Json{{"path", "x.csv"}, {"rate", 1}, {"k", 5}});
    CHECK(p["neighbors"] == 100);
    CHECK(p["rate"].is_number_float());
    CHECK(p["k"] == Json::array({5}));
    Json empty_list = Json::object();
    empty_list["path"] = "x.csv";
    empty_list["k"] = Json::array();
    CHECK(resolve_params(spec, empty_list)["k"] == Json::array());  // [] is a list, not a missing value
    CHECK(canonical_params(p) == canonical_params(resolve_params(spec, Json{{"k", 5}, {"rate", 1.0}, {"path", "x.csv"}})));

    auto fails = [&](Json given, const std::string& param, const std::string& text) {
        try {
            resolve_params(spec, given);
            FAIL("expected an error for " << given.dump());
        } catch (const ParamError& e) {
            CHECK(e.param() == param);
            CHECK_THAT(e.what(), Catch::Contains(text));
        }
    };
    fails(Json{{"path", "x"}, {"neighbors", 0}}, "neighbors", "in [1, 1000]");
    fails(Json{{"path", "x"}, {"neighbors", "ten"}}, "neighbors", "an integer");
    fails(Json{{"path", "x"}, {"mode", "medium"}}, "mode", "one of: fast, slow");
    fails(Json{{"path", "x"}, {"k", Json::array({10, 0})}}, "k", ">= 1");
    fails(Json{{"path", "x"}, {"nieghbors", 3}}, "nieghbors", "unknown parameter");
    fails(Json::object(), "path", "missing required parameter 'path'");
}

TEST_CASE("the store commits a step atomically and finds it again") {
    testing::ScratchDir dir;
    Store store(dir / "s.db");
    Table t;
    t.add_int64("user", {1, 2, 3});
    std::string bytes = make_artifact(t)->serialize();
    std::string hash = hash_bytes(bytes);
    CHECK_FALSE(store.lookup("key1"));
    store.commit_step("key1", "events", "source.x", {{"table", {hash, bytes}}}, Json{{"bad_rows", 2}}, 0.5);
    auto entry = store.lookup("key1");
    REQUIRE(entry);
    CHECK(entry->outputs.at("table") == hash);
    CHECK(entry->notes["bad_rows"] == 2);
    CHECK(store.get_artifact(hash)->table().column("user").ints == std::vector<int64_t>{1, 2, 3});

    VerifyReport ok = store.verify();
    CHECK(ok.problems.empty());
    CHECK(ok.artifacts_checked == 1);

    Json run = {{"pipeline", "p"}, {"status", "running"}, {"steps", Json::array()}};
    int64_t id = store.begin_run(run);
    run["status"] = "ok";
    run["metrics"] = {{"eval", {{"pop", {{"HR@10", 0.5}}}}}};
    store.update_run(id, run);
    CHECK(store.latest_run_id() == id);
    CHECK((*store.run(id))["status"] == "ok");
    CHECK(store.runs().size() == 1);

    CHECK(store.gc(0) == 1);
    CHECK_FALSE(store.lookup("key1"));
    CHECK_THROWS_WITH(store.get_artifact(hash), Catch::Contains("missing"));
}

TEST_CASE("derived seeds depend on the pipeline seed and the step id only") {
    CHECK(derive_seed(7, "knn") == derive_seed(7, "knn"));
    CHECK(derive_seed(7, "knn") != derive_seed(8, "knn"));
    CHECK(derive_seed(7, "knn") != derive_seed(7, "pop"));
}

TEST_CASE("hash_path follows file contents and folder contents") {
    testing::ScratchDir dir;
    std::filesystem::create_directories(dir / "data");
    testing::write_text(dir / "data/a.txt", "one");
    testing::write_text(dir / "data/b.txt", "two");
    std::string before = hash_path(dir / "data");
    CHECK(hash_path(dir / "data/a.txt") == hash_bytes("one"));
    testing::write_text(dir / "data/b.txt", "three");
    CHECK(hash_path(dir / "data") != before);
}
