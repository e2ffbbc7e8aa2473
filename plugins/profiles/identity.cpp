// profile.identity: links identifiers (anonymous visitor <-> customer) into clusters and rewrites event users.
#include <algorithm>

#include "id_index.h"
#include "operators.h"
#include "persona/context.h"
#include "table_columns.h"
#include "union_find.h"

namespace persona::profiles {

namespace {

constexpr const char* kOp = "profile.identity";

OperatorSpec identity_spec() {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.1.0";
    spec.doc = "Identity resolution: union-find over observed id pairs (capped cluster size), canonical id per "
               "cluster, events with the user rewritten";
    spec.input("events", Kind::Table, "events with a user column");
    spec.input("links", Kind::Table, "observed pairs of ids (id_a, id_b), applied in row order");
    spec.input("customers", Kind::Table, "optional: ids known to be customer ids", false, true);
    spec.output("aliases", Kind::Table, "id, user (the cluster's canonical id), cluster_size; one row per linked id");
    spec.output("events", Kind::Table, "the events with the user column rewritten (+ original_user)");
    spec.param("user", ParamType::String, "user", "user id column of events (int64)");
    spec.param("id_a", ParamType::String, "id_a", "first id column of links (int64)");
    spec.param("id_b", ParamType::String, "id_b", "second id column of links (int64)");
    spec.param("max_cluster", ParamType::Int, 50, "refuse a link that would make a cluster larger (0 = no cap)")
        .at_least(0);
    spec.param("customer_side", ParamType::String, "none", "every id in this links column is a customer id: none | a | b")
        .one_of({"none", "a", "b"});
    spec.param("customer_id", ParamType::String, "user", "id column of the optional customers input (int64)");
    spec.param("original", ParamType::String, "original_user", "column keeping the events' original user (\"\" = none)");
    return spec;
}

// The distinct ids of the links, ascending.
std::vector<int64_t> link_ids(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
    std::vector<int64_t> ids;
    ids.reserve(a.size() * 2);
    for (size_t r = 0; r < a.size(); ++r)
        if (a[r] != kNullInt && b[r] != kNullInt) ids.push_back(a[r]), ids.push_back(b[r]);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

int64_t node_of(const std::vector<int64_t>& ids, int64_t id) {
    return std::lower_bound(ids.begin(), ids.end(), id) - ids.begin();
}

// Per node 1 when the id is a customer id (the customers input and/or one side of the links).
std::vector<uint8_t> customer_flags(const Inputs& inputs, const Params& params, const std::vector<int64_t>& ids,
                                    const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
    std::vector<uint8_t> flag(ids.size(), 0);
    const std::string side = params.text("customer_side");
    if (side != "none") {
        const std::vector<int64_t>& s = side == "a" ? a : b;
        for (size_t r = 0; r < s.size(); ++r)
            if (a[r] != kNullInt && b[r] != kNullInt) flag[node_of(ids, s[r])] = 1;
    }
    if (inputs.has("customers")) {
        const Table& customers = inputs.table("customers");
        for (int64_t id : require_int64(customers, params.text("customer_id"), {kOp, "customer_id"}).ints) {
            auto it = std::lower_bound(ids.begin(), ids.end(), id);
            if (id != kNullInt && it != ids.end() && *it == id) flag[it - ids.begin()] = 1;
        }
    }
    return flag;
}

// The canonical id of every node: its cluster's smallest customer id, else its smallest id.
std::vector<int64_t> canonical_ids(UnionFind& sets, const std::vector<int64_t>& ids, const std::vector<uint8_t>& customer) {
    const int64_t n = static_cast<int64_t>(ids.size());
    std::vector<int64_t> best(n, -1);  // per root: the chosen node
    for (int64_t v = 0; v < n; ++v) {  // ids ascending: the first customer / first node seen is the smallest
        int64_t& b = best[sets.find(v)];
        if (b < 0 || (customer[v] && !customer[b])) b = v;
    }
    std::vector<int64_t> out(n);
    for (int64_t v = 0; v < n; ++v) out[v] = ids[best[sets.find(v)]];
    return out;
}

Outputs run_identity(Context& ctx, const Inputs& inputs, const Params& params) {
    const Table& events = inputs.table("events");
    const Table& links = inputs.table("links");
    const std::vector<int64_t>& a = require_int64(links, params.text("id_a"), {kOp, "id_a"}).ints;
    const std::vector<int64_t>& b = require_int64(links, params.text("id_b"), {kOp, "id_b"}).ints;
    const std::vector<int64_t> ids = link_ids(a, b);
    UnionFind sets(static_cast<int64_t>(ids.size()));
    int64_t merges = 0, refused = 0, redundant = 0, bad = 0;
    const int64_t cap = params.integer("max_cluster");
    for (size_t r = 0; r < a.size(); ++r) {
        if (a[r] == kNullInt || b[r] == kNullInt) { ++bad; continue; }
        switch (sets.unite(node_of(ids, a[r]), node_of(ids, b[r]), cap)) {
            case UnionFind::Result::merged: ++merges; break;
            case UnionFind::Result::refused: ++refused; break;
            case UnionFind::Result::same_set: ++redundant; break;
        }
    }
    const std::vector<int64_t> canonical = canonical_ids(sets, ids, customer_flags(inputs, params, ids, a, b));

    std::vector<int64_t> cluster_size(ids.size());
    for (size_t v = 0; v < ids.size(); ++v) cluster_size[v] = sets.size_of(static_cast<int64_t>(v));
    Table aliases;
    aliases.add_int64("id", ids);
    aliases.add_int64("user", canonical);
    aliases.add_int64("cluster_size", std::move(cluster_size));

    const std::string user_name = params.text("user");
    require_int64(events, user_name, {kOp, "user"});
    Table rewritten = events;
    std::vector<int64_t>& users = rewritten.column(user_name).ints;
    std::vector<int64_t> original = users;
    const IdIndex node_index(ids);
    int64_t changed = 0;
    for (auto& u : users) {
        const int64_t v = node_index.find(u);
        if (v >= 0 && canonical[v] != u) u = canonical[v], ++changed;
    }
    const std::string keep = params.text("original");
    if (!keep.empty()) {
        if (rewritten.has(keep))
            throw Error(std::string(kOp) + ": parameter 'original' names '" + keep +
                        "', which the events already have; choose another name or \"\"");
        rewritten.add_int64(keep, std::move(original));
    }
    ctx.note("merges", merges);
    ctx.note("refused_links", refused);
    ctx.note("redundant_links", redundant);
    ctx.note("bad_rows", bad);
    ctx.note("events_rewritten", changed);
    if (refused > 0)
        ctx.warn(std::to_string(refused) + " links were refused: they would make a cluster larger than max_cluster " +
                 std::to_string(cap));
    return {{"aliases", make_artifact(std::move(aliases))}, {"events", make_artifact(std::move(rewritten))}};
}

}  // namespace

void register_identity(Registry& registry) { registry.add_operator(identity_spec(), run_identity); }

}  // namespace persona::profiles
