// profile.assemble: outer-joins per-user tables into one profile table keyed by user.
#include <algorithm>
#include <map>

#include "column_take.h"
#include "id_index.h"
#include "operators.h"
#include "persona/context.h"
#include "table_columns.h"

namespace persona::profiles {

namespace {

constexpr const char* kOp = "profile.assemble";

OperatorSpec assemble_spec() {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.1.0";
    spec.doc = "Outer-joins per-user tables (behavior, rfm, lifecycle, interests top, embeddings...) into one profile";
    spec.input("parts", Kind::Table, "per-user tables, one row per user", true);
    spec.output("profile", Kind::Table,
                "user, then each part's columns in part order; a name found in several parts becomes <step>_<name>");
    spec.param("user", ParamType::String, "user", "user id column of every part (int64)");
    return spec;
}

// The prefix of each part: its step label, made unique by appending _<position> to repeated labels.
std::vector<std::string> part_prefixes(const std::vector<Input>& parts) {
    std::map<std::string, int> uses;
    for (const auto& p : parts) ++uses[p.label];
    std::vector<std::string> out;
    for (size_t k = 0; k < parts.size(); ++k)
        out.push_back(uses[parts[k].label] > 1 ? parts[k].label + "_" + std::to_string(k + 1) : parts[k].label);
    return out;
}

// All users of all parts, ascending, checking each part has one row per user.
std::vector<int64_t> all_users(Context& ctx, const std::vector<Input>& parts, const std::string& user) {
    std::vector<int64_t> users;
    int64_t nulls = 0;
    for (const auto& part : parts) {
        const Table& t = part.artifact->table();
        const std::vector<int64_t>& ids = require_int64(t, user, {kOp, "user"}).ints;
        const IdIndex index(ids);
        if (index.repeated() > 0)
            throw Error(std::string(kOp) + ": part '" + part.label + "' has user " + std::to_string(index.first_repeated()) +
                        " on more than one row; every part must have one row per user (pass a per-user table, "
                        "e.g. interests 'top' rather than 'interests')");
        for (int64_t id : ids) {
            if (id == kNullInt) ++nulls;
            else users.push_back(id);
        }
    }
    std::sort(users.begin(), users.end());
    users.erase(std::unique(users.begin(), users.end()), users.end());
    ctx.note("bad_rows", nulls);
    return users;
}

Outputs run_assemble(Context& ctx, const Inputs& inputs, const Params& params) {
    const std::vector<Input>& parts = inputs.all("parts");
    if (parts.empty()) throw Error(std::string(kOp) + ": input 'parts' needs at least one per-user table");
    const std::string user = params.text("user");
    const std::vector<int64_t> users = all_users(ctx, parts, user);
    const std::vector<std::string> prefix = part_prefixes(parts);

    std::map<std::string, int> parts_with;  // column name -> number of parts that have it
    for (const auto& part : parts)
        for (const auto& c : part.artifact->table().columns())
            if (c.name != user) ++parts_with[c.name];

    Table out;
    out.add_int64(user, users);
    for (size_t k = 0; k < parts.size(); ++k) {
        const Table& t = parts[k].artifact->table();
        const IdIndex index(t.column(user).ints);
        std::vector<int64_t> rows(users.size());
        for (size_t i = 0; i < users.size(); ++i) rows[i] = index.find(users[i]);
        for (const auto& c : t.columns()) {
            if (c.name == user) continue;
            const std::string name = parts_with[c.name] > 1 ? prefix[k] + "_" + c.name : c.name;
            if (out.has(name))
                throw Error(std::string(kOp) + ": column '" + name + "' of part '" + parts[k].label +
                            "' would appear twice in the profile; rename one of the columns first");
            out.add(take_column(c, rows, name));
        }
    }
    ctx.note("users", static_cast<int64_t>(users.size()));
    ctx.note("columns", static_cast<int64_t>(out.num_columns()));
    return {{"profile", make_artifact(std::move(out))}};
}

}  // namespace

void register_assemble(Registry& registry) { registry.add_operator(assemble_spec(), run_assemble); }

}  // namespace persona::profiles
