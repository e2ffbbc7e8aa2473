// An example third-party plugin: `example.top_users` counts interactions per user and keeps the top N.
#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "persona/persona.h"

namespace {

using namespace persona;

Outputs top_users(Context& ctx, const Inputs& inputs, const Params& params) {
    const Table& events = inputs.table("events");
    const Column& user = events.column(params.text("user"));
    if (user.type != ColumnType::Int64) throw Error("column '" + user.name + "' must be int64 user ids");
    std::unordered_map<int64_t, int64_t> counts;
    for (int64_t u : user.ints) ++counts[u];
    std::vector<std::pair<int64_t, int64_t>> ranked(counts.begin(), counts.end());
    std::sort(ranked.begin(), ranked.end(), [](auto& a, auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    ranked.resize(std::min<size_t>(ranked.size(), static_cast<size_t>(params.integer("n"))));
    std::vector<int64_t> ids, n;
    for (const auto& [u, c] : ranked) {
        ids.push_back(u);
        n.push_back(c);
    }
    Table out;
    out.add_int64("user", ids);
    out.add_int64("interactions", n);
    ctx.info("kept " + std::to_string(ids.size()) + " users");
    return {{"top", make_artifact(std::move(out))}};
}

void register_example(Registry& registry) {
    OperatorSpec spec;
    spec.name = "example.top_users";
    spec.version = "1.0.0";
    spec.doc = "the N users with the most interactions";
    spec.input("events", Kind::Table, "interactions with a user column");
    spec.output("top", Kind::Table, "user, interactions; most active first");
    spec.param("n", ParamType::Int, 10, "how many users to keep").range(1, 1e9);
    spec.param("user", ParamType::String, "user", "the user id column");
    registry.add_operator(spec, top_users);
}

}  // namespace

PERSONA_PLUGIN("example_plugin", "1.0.0", register_example)
