// profile.tags: named tags from rules over profile columns, e.g. high_value: "monetary_score >= 4 and frequency >= 5".
#include <cctype>

#include "operators.h"
#include "persona/context.h"
#include "persona/error.h"
#include "persona/expr/expression.h"

namespace persona::profiles {

namespace {

constexpr const char* kOp = "profile.tags";

OperatorSpec tags_spec() {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.1.0";
    spec.doc = "Tags from rules over profile columns (the expression language of `persona profile query`)";
    spec.input("profile", Kind::Table, "one row per user: any profile columns the rules use");
    spec.output("tags", Kind::Table, "user, tags (matching rule names joined by commas), tag_<name> 0/1 per rule");
    spec.output("counts", Kind::Table, "tag, users, share");
    spec.param("user", ParamType::String, "user", "user id column (int64)");
    spec.param("rules", ParamType::Map, nullptr,
               "tag name -> condition, e.g. {high_value: \"m_score >= 4 and frequency >= 5\"}; names are "
               "identifiers, tags are listed in name order");
    return spec;
}

// A tag name becomes a column name: letters, digits and '_', not starting with a digit.
void check_tag_name(const std::string& name) {
    bool ok = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
    for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    if (!ok)
        throw Error(std::string(kOp) + ": param 'rules': tag name '" + name +
                    "' must be letters, digits and '_' (not starting with a digit)");
}

// Parses and checks every rule against the table before anything is evaluated.
std::vector<std::pair<std::string, expr::Expression>> read_rules(const Json& rules, const Table& profile) {
    if (!rules.is_object() || rules.empty())
        throw Error(std::string(kOp) + ": param 'rules' must map at least one tag name to a condition");
    std::vector<std::pair<std::string, expr::Expression>> out;
    for (const auto& [name, text] : rules.items()) {
        check_tag_name(name);
        const std::string where = std::string(kOp) + ": rule '" + name + "': ";
        if (!text.is_string()) throw Error(where + "expected a condition string, not " + text.dump());
        try {
            expr::Expression e = expr::Expression::parse(text.get<std::string>());
            if (e.bind(profile) != expr::ValueType::Boolean)
                throw Error("the rule is a " + std::string(expr::to_string(e.bind(profile))) +
                            ", not a condition (compare it, e.g. `x > 0`)");
            out.emplace_back(name, std::move(e));
        } catch (const Error& e) {
            throw Error(where + e.what());
        }
    }
    return out;
}

Outputs run_tags(Context& ctx, const Inputs& inputs, const Params& params) {
    const Table& profile = inputs.table("profile");
    const std::string user = params.text("user");
    if (!profile.has(user) || profile.column(user).type != ColumnType::Int64)
        throw Error(std::string(kOp) + ": input 'profile' has no int64 user column '" + user + "'");
    const auto rules = read_rules(params.raw("rules"), profile);

    const int64_t n = profile.rows();
    std::vector<std::string> joined(static_cast<size_t>(n));
    Table tags;
    tags.add_int64(user, profile.column(user).ints);
    std::vector<std::string> names;
    std::vector<int64_t> users;
    std::vector<double> shares;
    Json counts = Json::object();
    for (const auto& [name, rule] : rules) {
        const std::vector<uint8_t> hit = rule.select(profile);
        std::vector<int64_t> flag(hit.begin(), hit.end());
        int64_t matched = 0;
        for (int64_t r = 0; r < n; ++r)
            if (hit[r]) {
                ++matched;
                joined[r] += (joined[r].empty() ? "" : ",") + name;
            }
        tags.add_int64("tag_" + name, std::move(flag));
        names.push_back(name);
        users.push_back(matched);
        shares.push_back(n > 0 ? static_cast<double>(matched) / static_cast<double>(n) : 0.0);
        counts[name] = matched;
    }
    tags.add_string("tags", joined);
    Table summary;
    summary.add_string("tag", names);
    summary.add_int64("users", users);
    summary.add_float64("share", shares);
    ctx.note("tagged_users", counts);
    return {{"tags", make_artifact(std::move(tags))}, {"counts", make_artifact(std::move(summary))}};
}

}  // namespace

void register_tags(Registry& registry) { registry.add_operator(tags_spec(), run_tags); }

}  // namespace persona::profiles
