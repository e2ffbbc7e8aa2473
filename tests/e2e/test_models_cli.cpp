// End-to-end: LibTorch models through the `persona` CLI — training, a cached re-run with identical
// metrics, the models (and their ensemble, which opens them from its own bytes) scored by
// metric.ranking, outputs used downstream, and a clear refusal of
// `--device cuda` on a CUDA-less LibTorch build.
#include <catch2/catch.hpp>

#include <torch/cuda.h>

#include "cli_test.h"

using namespace persona::testing;
using nlohmann::json;

namespace {

const char* kPipeline = R"YAML(name: e2e-models
seed: 5
steps:
  events: {use: source.synthetic, with: {users: 300, items: 80, days: 30}}
  split:  {use: transform.split, from: events, with: {method: leave_one_out}}
  pop:    {use: model.popularity, from: split.train}
  sasrec: {use: model.sasrec, from: {train: split.train, valid: split.valid}, with: {dim: 16, epochs: 3, batch_size: 64}}
  bpr:    {use: model.bpr_mf, from: {train: split.train, valid: split.valid}, with: {dim: 16, epochs: 3}}
  ens:    {use: model.ensemble, from: {models: [sasrec, bpr]}}
  eval:   {use: metric.ranking, from: {models: [pop, sasrec, bpr, ens], truth: split.test, seen: [split.train, split.valid]}, with: {k: [10]}}
  report: {use: report.html, from: {metrics: [eval], tables: [sasrec.curve, sasrec.top]}}
)YAML";

}  // namespace

TEST_CASE("sequence and factorization models train, cache and evaluate through the CLI") {
    ScratchDir dir;
    write_text(dir / "p.yaml", kPipeline);
    CliResult first = run_persona(dir.path(), "run p.yaml --json --device cpu");
    INFO(first.err);
    REQUIRE(first.code == 0);
    json a = first.json();
    CHECK(a["status"] == "ok");
    for (const char* model : {"pop", "sasrec", "bpr", "ens"}) CHECK(a["metrics"]["eval"][model]["users"].get<double>() > 0);
    // The training curve is in the run record.
    json sasrec;
    for (const auto& s : a["steps"])
        if (s["id"] == "sasrec") sasrec = s;
    REQUIRE(sasrec["notes"].contains("training"));
    CHECK(sasrec["notes"]["training"]["curve"].size() == 3);

    CliResult second = run_persona(dir.path(), "run p.yaml --json --device cpu");
    REQUIRE(second.code == 0);
    json b = second.json();
    for (const auto& s : b["steps"]) CHECK(s["cached"].get<bool>());
    CHECK(b["metrics"] == a["metrics"]);

    // Same pipeline and seed in a fresh store: the same metrics (deterministic CPU training).
    ScratchDir other;
    write_text(other / "p.yaml", kPipeline);
    CliResult again = run_persona(other.path(), "run p.yaml --json --device cpu");
    REQUIRE(again.code == 0);
    CHECK(again.json()["metrics"] == a["metrics"]);
}

TEST_CASE("--device cuda is refused with a clear message when LibTorch has no CUDA") {
    if (torch::cuda::is_available()) return;  // a CUDA build: nothing to refuse
    ScratchDir dir;
    write_text(dir / "p.yaml", kPipeline);
    CliResult result = run_persona(dir.path(), "run p.yaml --device cuda");
    CHECK(result.code != 0);
    CHECK(result.err.find("no CUDA support") != std::string::npos);
    CHECK(result.err.find("--device cpu") != std::string::npos);
}
