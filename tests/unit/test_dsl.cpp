// Tests of the YAML pipeline reader: a full pipeline, every error with its line:col,
// interpolation (typed, textual, env) and --set overrides.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "persona/dsl/pipeline.h"

using namespace persona;
using namespace persona::dsl;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {

Pipeline read(const std::string& text, const std::vector<Override>& overrides = {}) {
    return read_pipeline_text(text, "p.yaml", overrides);
}

// The what() of the PipelineError reading `text` throws, or "no error".
std::string error_of(const std::string& text, const std::vector<Override>& overrides = {}) {
    try {
        read(text, overrides);
    } catch (const PipelineError& e) {
        return e.what();
    }
    return "no error";
}

// The what() of the PipelineError reading the file at `path` throws, or "no error".
std::string error_of_file(const std::string& path) {
    try {
        read_pipeline_file(path);
    } catch (const PipelineError& e) {
        return e.what();
    }
    return "no error";
}

// A pipeline of one source step `a` whose `with` is the given flow map; used by value tests.
Json with_of(const std::string& with_flow, const std::vector<Override>& overrides = {},
             const std::string& params = "{}") {
    Pipeline p = read("name: t\nparams: " + params + "\nsteps:\n  a: {use: source.x, with: " + with_flow + "}\n",
                      overrides);
    return p.steps.at(0).params;
}

void check_location(const Location& where, int line, int column) {
    CHECK(where.file == "p.yaml");
    CHECK(where.line == line);
    CHECK(where.column == column);
}

const char* const kQuickstart =
    "name: quickstart\n"
    "seed: 7\n"
    "device: cpu\n"
    "params: {k: 10, data: ../shared/data/ml-100k}\n"
    "steps:\n"
    "  events: {use: source.synthetic, with: {users: 2000, items: 500, days: 90}}\n"
    "  clean:  {use: transform.clean, from: events, with: {dedupe: true}}\n"
    "  split:  {use: transform.split, from: clean, with: {method: leave_one_out}}\n"
    "  pop:    {use: model.popularity, from: split.train}\n"
    "  knn:    {use: model.itemknn, from: split.train, with: {neighbors: 100, shrink: 0.5, label: \"10\", note: ~}}\n"
    "  eval:   {use: metric.ranking, from: {models: [pop, knn], truth: split.test, seen: split.train}, "
    "with: {k: [\"${params.k}\", 20]}}\n"
    "  report: {use: report.html, from: [eval]}\n";

}  // namespace

TEST_CASE("Location::str is file:line:col and PipelineError::what starts with it", "[dsl]") {
    CHECK(Location{"a.yaml", 3, 14}.str() == "a.yaml:3:14");
    PipelineError e(Location{"a.yaml", 2, 5}, "bad thing");
    CHECK(std::string(e.what()) == "a.yaml:2:5: bad thing");
    CHECK(e.message() == "bad thing");
    CHECK(e.where().line == 2);
}

TEST_CASE("a flow-style pipeline is read fully", "[dsl]") {
    Pipeline p = read(kQuickstart);
    CHECK(p.name == "quickstart");
    CHECK(p.file == "p.yaml");
    CHECK(p.text == kQuickstart);
    CHECK(p.seed == 7);
    CHECK(p.device == "cpu");
    CHECK(p.params == Json({{"k", 10}, {"data", "../shared/data/ml-100k"}}));
    CHECK(p.params["k"].is_number_integer());

    REQUIRE(p.steps.size() == 7);
    std::vector<std::string> ids;
    for (const Step& s : p.steps) ids.push_back(s.id);
    CHECK(ids == std::vector<std::string>{"events", "clean", "split", "pop", "knn", "eval", "report"});

    const Step& events = p.steps[0];
    CHECK(events.op == "source.synthetic");
    CHECK(events.inputs.empty());
    CHECK(events.params == Json({{"users", 2000}, {"items", 500}, {"days", 90}}));
    CHECK(events.params["users"].is_number_integer());
    check_location(events.where, 6, 3);
    check_location(events.op_where, 6, 17);
    check_location(events.param_where.at("users"), 6, 49);

    const Step& clean = p.steps[1];
    REQUIRE(clean.inputs.size() == 1);
    CHECK(clean.inputs[0].port == "");
    CHECK(clean.inputs[0].step == "events");
    CHECK(clean.inputs[0].output == "");
    check_location(clean.inputs[0].where, 7, 40);
    CHECK(clean.params["dedupe"].is_boolean());
    CHECK(clean.params["dedupe"] == true);

    const Step& pop = p.steps[3];
    REQUIRE(pop.inputs.size() == 1);
    CHECK(pop.inputs[0].step == "split");
    CHECK(pop.inputs[0].output == "train");
    check_location(pop.inputs[0].where, 9, 41);
    CHECK(pop.params == Json::object());

    const Step* knn = p.find("knn");
    REQUIRE(knn != nullptr);
    CHECK(knn->params["neighbors"].is_number_integer());
    CHECK(knn->params["shrink"].is_number_float());
    CHECK(knn->params["shrink"].get<double>() == 0.5);
    CHECK(knn->params["label"].is_string());  // quoted "10" stays a string
    CHECK(knn->params["label"] == "10");
    CHECK(knn->params["note"].is_null());
    check_location(knn->param_where.at("shrink"), 10, 82);
    check_location(knn->param_where.at("label"), 10, 94);
    check_location(knn->param_where.at("note"), 10, 106);

    const Step& eval = p.steps[5];
    REQUIRE(eval.inputs.size() == 4);
    CHECK(eval.inputs[0].port == "models");
    CHECK(eval.inputs[0].step == "pop");
    check_location(eval.inputs[0].where, 11, 49);
    CHECK(eval.inputs[1].port == "models");
    CHECK(eval.inputs[1].step == "knn");
    check_location(eval.inputs[1].where, 11, 54);
    CHECK(eval.inputs[2].port == "truth");
    CHECK(eval.inputs[2].step == "split");
    CHECK(eval.inputs[2].output == "test");
    check_location(eval.inputs[2].where, 11, 67);
    CHECK(eval.inputs[3].port == "seen");
    CHECK(eval.inputs[3].output == "train");
    check_location(eval.inputs[3].where, 11, 85);
    CHECK(eval.params["k"] == Json::array({10, 20}));  // "${params.k}" keeps the integer type
    CHECK(eval.params["k"][0].is_number_integer());
    check_location(eval.param_where.at("k"), 11, 109);

    const Step& report = p.steps[6];
    REQUIRE(report.inputs.size() == 1);
    CHECK(report.inputs[0].port == "");
    CHECK(report.inputs[0].step == "eval");
    check_location(report.inputs[0].where, 12, 37);

    CHECK(p.find("nope") == nullptr);
}

TEST_CASE("the pipeline's doc is kept as text and must be a string", "[dsl]") {
    Pipeline p = read("name: d\ndoc: |\n  Leave-one-out split.\n  All items ranked.\nsteps:\n  a: {use: s.x}\n");
    CHECK(p.doc == "Leave-one-out split.\nAll items ranked.\n");
    CHECK(read("name: d\nsteps:\n  a: {use: s.x}\n").doc.empty());
    CHECK_THROWS_WITH(read("name: d\ndoc: [a, b]\nsteps:\n  a: {use: s.x}\n"),
                      Catch::StartsWith("p.yaml:2:6: ") && Catch::Contains("doc: expected free text"));
}

TEST_CASE("a block-style pipeline keeps every YAML type", "[dsl]") {
    const std::string text =
        "name: types\n"
        "steps:\n"
        "  src:\n"
        "    use: source.csv\n"
        "    doc: reads the events\n"
        "  model:\n"
        "    use: model.mlp\n"
        "    from:\n"
        "      train: [src.rows, src]\n"
        "      extra: src.side\n"
        "    with:\n"
        "      int: 42\n"
        "      negative: -3\n"
        "      hex: 0x10\n"
        "      float: 1.5e-3\n"
        "      yes_word: yes\n"
        "      bool: True\n"
        "      quoted_bool: 'true'\n"
        "      empty:\n"
        "      text: hello world\n"
        "      block: |\n"
        "        two\n"
        "        lines\n"
        "      list: [1, 2.5, \"3\", false]\n"
        "      nested: {depth: 2, name: tree, sizes: [64, 32]}\n";
    Pipeline p = read(text);
    CHECK(p.seed == 0);
    CHECK(p.device == "auto");
    CHECK(p.params == Json::object());
    REQUIRE(p.steps.size() == 2);
    check_location(p.steps[0].op_where, 4, 10);
    const Step& model = p.steps[1];
    check_location(model.where, 6, 3);
    REQUIRE(model.inputs.size() == 3);
    CHECK(model.inputs[0].port == "train");
    CHECK(model.inputs[0].output == "rows");
    check_location(model.inputs[0].where, 9, 15);
    CHECK(model.inputs[1].port == "train");
    CHECK(model.inputs[1].output == "");
    CHECK(model.inputs[2].port == "extra");
    CHECK(model.inputs[2].output == "side");
    check_location(model.inputs[2].where, 10, 14);

    const Json& w = model.params;
    CHECK(w["int"] == 42);
    CHECK(w["negative"] == -3);
    CHECK(w["negative"].is_number_integer());
    CHECK(w["hex"] == 16);
    CHECK(w["float"].is_number_float());
    CHECK(w["float"].get<double>() == Approx(0.0015));
    CHECK(w["yes_word"] == "yes");  // YAML 1.2: yes is a string
    CHECK(w["bool"] == true);
    CHECK(w["quoted_bool"] == "true");
    CHECK(w["empty"].is_null());
    CHECK(w["text"] == "hello world");
    CHECK(w["block"] == "two\nlines\n");
    CHECK(w["list"] == Json::array({1, 2.5, "3", false}));
    CHECK(w["nested"] == Json({{"depth", 2}, {"name", "tree"}, {"sizes", {64, 32}}}));
    check_location(model.param_where.at("int"), 12, 12);
    check_location(model.param_where.at("empty"), 19, 7);  // an empty value points at its key
}

TEST_CASE("structural errors name file:line:col", "[dsl][errors]") {
    SECTION("YAML syntax error uses the parser's mark") {
        CHECK_THAT(error_of("name: x\nsteps:\n  a: {use: s.x\n"), StartsWith("p.yaml:4:1: YAML syntax error"));
        CHECK_THAT(error_of("name: x\n bad: 1\n"), StartsWith("p.yaml:2:5: YAML syntax error: illegal map value"));
    }
    SECTION("an unquoted ${...} in a flow map gets a hint") {
        CHECK_THAT(error_of("name: x\nsteps:\n  a: {use: s.x, with: {k: ${params.k}}}\n"),
                   StartsWith("p.yaml:3:28: YAML syntax error") && Contains("quote references"));
    }
    SECTION("empty file or non-map root") {
        CHECK_THAT(error_of(""), StartsWith("p.yaml:1:1: a pipeline must be a map"));
        CHECK_THAT(error_of("- a\n- b\n"), StartsWith("p.yaml:1:1: a pipeline must be a map"));
    }
    SECTION("missing name") {
        CHECK_THAT(error_of("steps:\n  a: {use: s.x}\n"), StartsWith("p.yaml:1:1: missing `name:`"));
    }
    SECTION("ill-typed name") {
        CHECK_THAT(error_of("name: [a]\nsteps:\n  a: {use: s.x}\n"), StartsWith("p.yaml:1:7: name: expected a non-empty string"));
        CHECK_THAT(error_of("name: 12\nsteps:\n  a: {use: s.x}\n"), Contains("not the integer 12"));
        CHECK_THAT(error_of("name:\nsteps:\n  a: {use: s.x}\n"), StartsWith("p.yaml:1:1: name:"));
    }
    SECTION("missing or ill-typed steps") {
        CHECK_THAT(error_of("name: x\n"), StartsWith("p.yaml:1:1: missing `steps:`"));
        CHECK_THAT(error_of("name: x\nsteps: [a, b]\n"), StartsWith("p.yaml:2:8: steps: expected a map") && Contains("not a list"));
        CHECK_THAT(error_of("name: x\nsteps: {}\n"), StartsWith("p.yaml:2:8: steps:") && Contains("an empty map"));
        CHECK_THAT(error_of("name: x\nsteps:\n"), StartsWith("p.yaml:2:1: steps:"));
    }
    SECTION("unknown top-level key lists the allowed keys") {
        std::string e = error_of("name: x\nsed: 3\nsteps:\n  a: {use: s.x}\n");
        CHECK_THAT(e, StartsWith("p.yaml:2:1: unknown top-level key 'sed'"));
        CHECK_THAT(e, Contains("allowed: name, seed, device, params, steps, doc"));
        CHECK_THAT(e, Contains("did you mean 'seed'?"));
    }
    SECTION("duplicate top-level key") {
        CHECK_THAT(error_of("name: x\nname: y\nsteps:\n  a: {use: s.x}\n"),
                   StartsWith("p.yaml:2:1: duplicate top-level key 'name' (first at line 1, column 1)"));
    }
    SECTION("a step that is not a map") {
        CHECK_THAT(error_of("name: x\nsteps:\n  a: source.x\n"), StartsWith("p.yaml:3:6: step 'a' must be a map"));
        CHECK_THAT(error_of("name: x\nsteps:\n  a:\n"), StartsWith("p.yaml:3:3: step 'a' must be a map"));
    }
    SECTION("a bad step id") {
        CHECK_THAT(error_of("name: x\nsteps:\n  1a: {use: s.x}\n"), StartsWith("p.yaml:3:3: a step id must match"));
        CHECK_THAT(error_of("name: x\nsteps:\n  a.b: {use: s.x}\n"), StartsWith("p.yaml:3:3: a step id must match"));
    }
    SECTION("missing use") {
        CHECK_THAT(error_of("name: x\nsteps:\n  a: {use: s.x}\n  b: {from: a}\n"), StartsWith("p.yaml:4:3: step 'b' has no `use:`"));
    }
    SECTION("use not of the form family.name") {
        CHECK_THAT(error_of("name: x\nsteps:\n  a: {use: synthetic}\n"), StartsWith("p.yaml:3:12: step 'a': `use: synthetic` is not"));
        CHECK_THAT(error_of("name: x\nsteps:\n  a: {use: source.}\n"), StartsWith("p.yaml:3:12:"));
        CHECK_THAT(error_of("name: x\nsteps:\n  a: {use: [s.x]}\n"), StartsWith("p.yaml:3:12: step 'a': `use` must name"));
        CHECK_NOTHROW(read("name: x\nsteps:\n  a: {use: source.csv-v2}\n"));
    }
    SECTION("unknown key in a step") {
        std::string e = error_of("name: x\nsteps:\n  a: {use: s.x, wiht: {k: 1}}\n");
        CHECK_THAT(e, StartsWith("p.yaml:3:17: step 'a': unknown key 'wiht' (allowed: use, from, with, doc)"));
        CHECK_THAT(e, Contains("did you mean 'with'?"));
    }
    SECTION("duplicate step id points at the second") {
        std::string e = error_of("name: x\nsteps:\n  a: {use: s.x}\n  b: {use: s.y}\n  a: {use: s.z}\n");
        CHECK_THAT(e, StartsWith("p.yaml:5:3: duplicate step id 'a' (first at line 3, column 3)"));
    }
    SECTION("duplicate keys inside a step and inside with") {
        CHECK_THAT(error_of("name: x\nsteps:\n  a: {use: s.x, use: s.y}\n"), StartsWith("p.yaml:3:17: duplicate key"));
        CHECK_THAT(error_of("name: x\nsteps:\n  a: {use: s.x, with: {k: 1, k: 2}}\n"),
                   StartsWith("p.yaml:3:30: duplicate key 'k' (first at line 3, column 24)"));
    }
    SECTION("from naming an unknown step suggests close names") {
        std::string e = error_of("name: x\nsteps:\n  events: {use: s.x}\n  b: {use: m.x, from: evnts.train}\n");
        CHECK_THAT(e, StartsWith("p.yaml:4:23: step 'b': `from` names unknown step 'evnts' (steps: events, b)"));
        CHECK_THAT(e, Contains("did you mean 'events'?"));
        CHECK_THAT(error_of("name: x\nsteps:\n  a: {use: s.x}\n  b: {use: m.x, from: {train: [a, zzz]}}\n"),
                   StartsWith("p.yaml:4:35: step 'b': `from` names unknown step 'zzz'"));
    }
    SECTION("malformed from") {
        CHECK_THAT(error_of("name: x\nsteps:\n  a: {use: s.x}\n  b: {use: m.x, from: a..b}\n"),
                   StartsWith("p.yaml:4:23: step 'b': `from: a..b` is not a step id or step.port"));
        CHECK_THAT(error_of("name: x\nsteps:\n  a: {use: s.x}\n  b: {use: m.x, from: [a, {c: a}]}\n"),
                   StartsWith("p.yaml:4:27: step 'b': `from` expects a step id or step.port, not a map"));
        CHECK_THAT(error_of("name: x\nsteps:\n  a: {use: s.x}\n  b: {use: m.x, from: {t: {c: a}}}\n"),
                   StartsWith("p.yaml:4:27: step 'b': port 't' expects"));
        CHECK_THAT(error_of("name: x\nsteps:\n  a: {use: s.x}\n  b: {use: m.x, from: 12}\n"),
                   Contains("not the integer 12"));
    }
    SECTION("a step reading from itself") {
        CHECK_THAT(error_of("name: x\nsteps:\n  a: {use: s.x, from: a.out}\n"), StartsWith("p.yaml:3:23: step 'a' reads from itself"));
    }
    SECTION("a cycle names its steps and points at the first in file order") {
        std::string e = error_of(
            "name: x\nsteps:\n  src: {use: s.x}\n  a: {use: m.x, from: [src, c]}\n  b: {use: m.x, from: a}\n  c: {use: m.x, from: b}\n");
        CHECK_THAT(e, StartsWith("p.yaml:4:3: steps form a cycle: a -> b -> c -> a"));
        CHECK_THAT(error_of("name: x\nsteps:\n  p: {use: m.x, from: q}\n  q: {use: m.x, from: {in: p}}\n"),
                   StartsWith("p.yaml:3:3: steps form a cycle: p -> q -> p"));
    }
    SECTION("with not a map") {
        CHECK_THAT(error_of("name: x\nsteps:\n  a: {use: s.x, with: [1, 2]}\n"), StartsWith("p.yaml:3:23: step 'a': `with` must be a map"));
        CHECK_NOTHROW(read("name: x\nsteps:\n  a:\n    use: s.x\n    with:\n"));
    }
    SECTION("seed not a non-negative integer") {
        CHECK_THAT(error_of("name: x\nseed: '7'\nsteps:\n  a: {use: s.x}\n"),
                   StartsWith("p.yaml:2:7: seed: expected a non-negative integer, not the string \"7\""));
        CHECK_THAT(error_of("name: x\nseed: 1.5\nsteps:\n  a: {use: s.x}\n"), StartsWith("p.yaml:2:7: seed:"));
        CHECK_THAT(error_of("name: x\nseed: -1\nsteps:\n  a: {use: s.x}\n"), StartsWith("p.yaml:2:7: seed:"));
        CHECK_THAT(error_of("name: x\nseed: [1]\nsteps:\n  a: {use: s.x}\n"), StartsWith("p.yaml:2:7: seed:"));
        CHECK(read("name: x\nseed: 18446744073709551615\nsteps:\n  a: {use: s.x}\n").seed == 18446744073709551615ULL);
    }
    SECTION("device not one of auto|cpu|cuda") {
        CHECK_THAT(error_of("name: x\ndevice: gpu\nsteps:\n  a: {use: s.x}\n"),
                   StartsWith("p.yaml:2:9: device: unknown device 'gpu' (expected auto, cpu or cuda)"));
        CHECK(read("name: x\ndevice: cuda\nsteps:\n  a: {use: s.x}\n").device == "cuda");
    }
    SECTION("params not a map") {
        CHECK_THAT(error_of("name: x\nparams: [1]\nsteps:\n  a: {use: s.x}\n"), StartsWith("p.yaml:2:9: params: expected a map"));
    }
    SECTION("an integer too large for 64 bits") {
        CHECK_THAT(error_of("name: x\nsteps:\n  a: {use: s.x, with: {n: 99999999999999999999}}\n"),
                   StartsWith("p.yaml:3:27: the integer 99999999999999999999 does not fit in 64 bits"));
    }
    SECTION("an unsupported tag") {
        CHECK_THAT(error_of("name: x\nsteps:\n  a: {use: s.x, with: {n: !foo 1}}\n"), StartsWith("p.yaml:3:27: unsupported tag '!foo'"));
        CHECK(with_of("{n: !!str 5, f: !!float 2}") == Json({{"n", "5"}, {"f", 2.0}}));
    }
}

TEST_CASE("forward references are allowed: steps keep file order", "[dsl]") {
    Pipeline p = read("name: x\nsteps:\n  report: {use: r.html, from: model}\n  model: {use: m.x}\n");
    REQUIRE(p.steps.size() == 2);
    CHECK(p.steps[0].id == "report");
    CHECK(p.steps[0].inputs.at(0).step == "model");
}

TEST_CASE("interpolation of ${params.NAME}", "[dsl][interpolation]") {
    const std::string params = "{k: 10, lr: 0.25, data: /data/ml, ks: [5, 10], obj: {a: 1}, on: true}";
    SECTION("a whole scalar keeps the param's type") {
        Json w = with_of("{k: \"${params.k}\", lr: \"${params.lr}\", ks: \"${params.ks}\", obj: \"${params.obj}\", on: \"${params.on}\"}",
                         {}, params);
        CHECK(w["k"] == 10);
        CHECK(w["k"].is_number_integer());
        CHECK(w["lr"].is_number_float());
        CHECK(w["lr"].get<double>() == 0.25);
        CHECK(w["ks"] == Json::array({5, 10}));
        CHECK(w["obj"] == Json({{"a", 1}}));
        CHECK(w["on"] == true);
    }
    SECTION("a plain block scalar works too") {
        Pipeline p = read("name: t\nparams:\n  k: 7\nsteps:\n  a:\n    use: s.x\n    with:\n      k: ${params.k}\n");
        CHECK(p.steps[0].params["k"] == 7);
    }
    SECTION("inside longer text it is substituted as text") {
        Json w = with_of("{path: \"${params.data}/u.data\", label: \"k=${params.k}, lr=${params.lr}\", flag: \"x${params.on}\"}",
                         {}, params);
        CHECK(w["path"] == "/data/ml/u.data");
        CHECK(w["label"] == "k=10, lr=0.25");
        CHECK(w["flag"] == "xtrue");
    }
    SECTION("inside lists and nested maps") {
        Json w = with_of("{deep: {list: [\"${params.k}\", \"${params.data}\"]}}", {}, params);
        CHECK(w["deep"]["list"] == Json::array({10, "/data/ml"}));
    }
    SECTION("$${ writes a literal ${") {
        Json w = with_of("{raw: \"$${params.k}\", mix: \"a$${b}${params.k}\"}", {}, params);
        CHECK(w["raw"] == "${params.k}");
        CHECK(w["mix"] == "a${b}10");
    }
    SECTION("nested params are reached with dots") {
        Json w = with_of("{a: \"${params.obj.a}\", second: \"${params.ks.1}\"}", {}, params);
        CHECK(w["a"] == 1);
        CHECK(w["second"] == 10);
    }
    SECTION("params may use other params") {
        Pipeline p = read("name: t\nparams: {file: \"${params.root}/x.csv\", root: /data, n: \"${params.m}\", m: 3}\n"
                          "steps:\n  a: {use: s.x, with: {f: \"${params.file}\", n: \"${params.n}\"}}\n");
        CHECK(p.params["file"] == "/data/x.csv");
        CHECK(p.params["n"] == 3);
        CHECK(p.steps[0].params["f"] == "/data/x.csv");
        CHECK(p.steps[0].params["n"] == 3);
    }
    SECTION("strings outside with and params are not interpolated") {
        Pipeline p = read("name: \"${params.k}\"\nparams: {k: 1}\nsteps:\n  a: {use: s.x, doc: \"${nothing}\"}\n");
        CHECK(p.name == "${params.k}");
    }
}

TEST_CASE("interpolation errors point at the scalar", "[dsl][interpolation][errors]") {
    SECTION("unknown param names it and lists the defined ones") {
        std::string e = error_of("name: t\nparams: {k: 10, data: x}\nsteps:\n  a: {use: s.x, with: {n: \"${params.kk}\"}}\n");
        CHECK_THAT(e, StartsWith("p.yaml:4:27: ${params.kk}: no param 'kk' (defined params: data, k)"));
        CHECK_THAT(error_of("name: t\nsteps:\n  a: {use: s.x, with: {n: \"a${params.kk}\"}}\n"),
                   StartsWith("p.yaml:3:27: ${params.kk}: no param 'kk' (no params are defined)"));
    }
    SECTION("unknown nested param") {
        CHECK_THAT(error_of("name: t\nparams: {o: {a: 1}}\nsteps:\n  a: {use: s.x, with: {n: \"${params.o.b}\"}}\n"),
                   StartsWith("p.yaml:4:27: ${params.o.b}: params.o has no 'b'"));
    }
    SECTION("inside params") {
        CHECK_THAT(error_of("name: t\nparams:\n  a: 1\n  b: \"${params.c}\"\nsteps:\n  a: {use: s.x}\n"),
                   StartsWith("p.yaml:4:6: ${params.c}: no param 'c' (defined params: a, b)"));
    }
    SECTION("params in a cycle") {
        CHECK_THAT(error_of("name: t\nparams:\n  a: \"${params.b}\"\n  b: \"x${params.a}\"\nsteps:\n  a: {use: s.x}\n"),
                   StartsWith("p.yaml:4:6: params refer to each other in a cycle: a -> b -> a"));
    }
    SECTION("unterminated and unknown references") {
        CHECK_THAT(error_of("name: t\nsteps:\n  a: {use: s.x, with: {n: \"${params.k\"}}\n"),
                   StartsWith("p.yaml:3:27: '${params.k': '${' without a closing '}'"));
        CHECK_THAT(error_of("name: t\nsteps:\n  a: {use: s.x, with: {n: \"${foo.k}\"}}\n"),
                   StartsWith("p.yaml:3:27: unknown reference ${foo.k}: expected ${params.NAME} or ${env.NAME}"));
    }
    SECTION("a list cannot go inside text") {
        CHECK_THAT(error_of("name: t\nparams: {ks: [1]}\nsteps:\n  a: {use: s.x, with: {n: \"x${params.ks}\"}}\n"),
                   StartsWith("p.yaml:4:27: ${params.ks} is a list and cannot be placed inside text"));
    }
}

TEST_CASE("interpolation of ${env.NAME}", "[dsl][interpolation]") {
    ::setenv("PERSONA_TEST_DSL_DIR", "/tmp/dsl data", 1);
    ::setenv("PERSONA_TEST_DSL_NUM", "42", 1);
    ::unsetenv("PERSONA_TEST_DSL_UNSET");
    Json w = with_of("{dir: \"${env.PERSONA_TEST_DSL_DIR}\", file: \"${env.PERSONA_TEST_DSL_DIR}/a.csv\", "
                     "n: \"${env.PERSONA_TEST_DSL_NUM}\", label: \"n${env.PERSONA_TEST_DSL_NUM}\"}");
    CHECK(w["dir"] == "/tmp/dsl data");
    CHECK(w["file"] == "/tmp/dsl data/a.csv");
    CHECK(w["n"] == 42);  // a whole value is read like a plain YAML scalar
    CHECK(w["label"] == "n42");

    Pipeline p = read("name: t\nparams: {home: \"${env.PERSONA_TEST_DSL_DIR}\"}\nsteps:\n  a: {use: s.x}\n");
    CHECK(p.params["home"] == "/tmp/dsl data");

    std::string e = error_of("name: t\nparams: {k: 1}\nsteps:\n  a: {use: s.x, with: {d: \"${env.PERSONA_TEST_DSL_UNSET}\"}}\n");
    CHECK_THAT(e, StartsWith("p.yaml:4:27: ${env.PERSONA_TEST_DSL_UNSET}: environment variable 'PERSONA_TEST_DSL_UNSET' is not set"));
    CHECK_THAT(e, Contains("defined params: k"));
}

TEST_CASE("--set overrides", "[dsl][overrides]") {
    const std::string text =
        "name: base\n"
        "seed: 1\n"
        "params: {k: 10, data: /data/a, tmpl: \"${params.k}\"}\n"
        "steps:\n"
        "  src: {use: source.csv, with: {path: \"${params.data}/u.data\"}}\n"
        "  knn: {use: model.itemknn, from: src, with: {neighbors: 100, k: \"${params.k}\"}}\n";
    SECTION("params.NAME replaces a param before interpolation") {
        Pipeline p = read(text, {{"params.k", "50"}, {"params.data", "../shared/data/ml-1m"}});
        CHECK(p.params["k"] == 50);
        CHECK(p.params["tmpl"] == 50);
        CHECK(p.params["data"] == "../shared/data/ml-1m");
        CHECK(p.steps[1].params["k"] == 50);
        CHECK(p.steps[1].params["k"].is_number_integer());
        CHECK(p.steps[0].params["path"] == "../shared/data/ml-1m/u.data");
    }
    SECTION("params.NAME gives a param the pipeline uses without declaring; values are typed like YAML scalars") {
        const std::string uses = text + "  more: {use: s.x, with: {r: \"${params.ratio}\", o: \"${params.on}\", ks: \"${params.ks}\", "
                                        "q: \"${params.quoted}\", w: \"${params.word}\", e: \"${params.empty}\", "
                                        "d: \"${params.nested.depth}\"}}\n";
        Pipeline p = read(uses, {{"params.ratio", "0.5"}, {"params.on", "true"}, {"params.ks", "[10, 20]"},
                                 {"params.quoted", "\"10\""}, {"params.word", "hello world"}, {"params.empty", ""},
                                 {"params.nested.depth", "3"}});
        CHECK(p.steps[2].params["d"] == 3);
        CHECK(p.params["ratio"].is_number_float());
        CHECK(p.params["ratio"].get<double>() == 0.5);
        CHECK(p.params["on"] == true);
        CHECK(p.params["ks"] == Json::array({10, 20}));
        CHECK(p.params["quoted"] == "10");
        CHECK(p.params["word"] == "hello world");
        CHECK(p.params["empty"] == "");
        CHECK(p.params["nested"] == Json({{"depth", 3}}));
    }
    SECTION("a params override may itself use interpolation") {
        Pipeline p = read(text, {{"params.data", "${params.k}"}});
        CHECK(p.params["data"] == 10);
    }
    SECTION("STEP.PARAM sets a step param after interpolation") {
        Pipeline p = read(text, {{"knn.neighbors", "20"}, {"knn.flag", "true"}, {"knn.k", "${params.k}"}, {"knn.opt.depth", "3"}});
        const Step& knn = p.steps[1];
        CHECK(knn.params["neighbors"] == 20);
        CHECK(knn.params["flag"] == true);
        CHECK(knn.params["k"] == "${params.k}");  // applied after interpolation: taken literally
        CHECK(knn.params["opt"] == Json({{"depth", 3}}));
        CHECK(knn.param_where.at("neighbors").str() == "p.yaml:0:0");
        CHECK(p.steps[0].params["path"] == "/data/a/u.data");
    }
    SECTION("seed, device and name") {
        Pipeline p = read(text, {{"seed", "42"}, {"device", "cuda"}, {"name", "other run"}});
        CHECK(p.seed == 42);
        CHECK(p.device == "cuda");
        CHECK(p.name == "other run");
        CHECK(read("seed: 3\nsteps:\n  a: {use: s.x}\n", {{"name", "given"}}).name == "given");
    }
    SECTION("later overrides win") {
        CHECK(read(text, {{"params.k", "1"}, {"params.k", "2"}}).params["k"] == 2);
    }
    SECTION("errors") {
        CHECK(error_of(text, {{"knnn.k", "5"}}) ==
              "p.yaml:0:0: --set knnn.k: no step 'knnn' (steps: src, knn); did you mean 'knn'?");
        CHECK_THAT(error_of(text, {{"zzz.k", "5"}}), Equals("p.yaml:0:0: --set zzz.k: no step 'zzz' (steps: src, knn)"));
        CHECK_THAT(error_of(text, {{"seed", "abc"}}),
                   StartsWith("p.yaml:0:0: --set seed: expected a non-negative integer, not the string \"abc\""));
        CHECK_THAT(error_of(text, {{"device", "gpu"}}), StartsWith("p.yaml:0:0: --set device: unknown device 'gpu'"));
        CHECK_THAT(error_of(text, {{"bogus", "1"}}), StartsWith("p.yaml:0:0: --set bogus: unknown key"));
        CHECK_THAT(error_of(text, {{"params.k.x", "1"}}), StartsWith("p.yaml:0:0: --set params.k.x: 'k' is number, not a map"));
        CHECK_THAT(error_of(text, {{"params.k", "[1, 2"}}), StartsWith("p.yaml:0:0: --set params.k: '[1, 2' is not a valid YAML value"));
        CHECK_THAT(error_of(text, {{"params.k", "${params.nope}"}}), StartsWith("p.yaml:0:0: ${params.nope}: no param 'nope'"));
        // A param the pipeline neither declares nor uses is a typo: refused, with the declared ones.
        CHECK(error_of(text, {{"params.dat", "/d"}}) ==
              "p.yaml:0:0: --set params.dat: the pipeline neither declares nor uses a param 'dat' (its params: data, k, tmpl); "
              "did you mean 'data'?");
        CHECK_THAT(error_of("name: t\nsteps:\n  a: {use: s.x, with: {n: \"${params.kx}\"}}\n", {{"params.k", "1"}}),
                   Equals("p.yaml:0:0: --set params.k: the pipeline neither declares nor uses a param 'k' (it declares none)"));
    }
}

TEST_CASE("read_pipeline_file reads the exact text and names the file in errors", "[dsl]") {
    const std::string path = "test_dsl_pipeline.yaml";
    const std::string text = "# comment kept\nname: f\nsteps:\n  a: {use: s.x, with: {n: 1}}\n";
    {
        std::ofstream out(path, std::ios::binary);
        out << text;
    }
    Pipeline p = read_pipeline_file(path, {{"a.n", "2"}});
    CHECK(p.file == path);
    CHECK(p.text == text);
    CHECK(p.steps[0].params["n"] == 2);
    CHECK(p.steps[0].where.str() == path + ":4:3");
    std::remove(path.c_str());
    CHECK_THAT(error_of_file("no/such/pipeline.yaml"), StartsWith("no/such/pipeline.yaml:0:0: cannot read the pipeline file"));
}

TEST_CASE("the project's quickstart pipeline reads", "[dsl]") {
    const std::string path = std::string(PERSONA_SOURCE_DIR) + "/pipelines/quickstart.yaml";
    if (!std::ifstream(path)) {
        WARN("skipped: " << path << " is absent");
        SUCCEED();
        return;
    }
    Pipeline p = read_pipeline_file(path);
    CHECK(p.name == "quickstart");
    CHECK_FALSE(p.steps.empty());
    for (const Step& step : p.steps) CHECK(step.op.find('.') != std::string::npos);
}
