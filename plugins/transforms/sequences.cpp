// transform.sequences: one row per user with the user's items (and chosen extra columns) in time order.
#include <algorithm>

#include "operators.h"
#include "row_order.h"
#include "table_columns.h"

namespace persona::transforms {

namespace {

const char* kOp = "transform.sequences";

// Dictionaries up to this size are recorded in the run notes; larger ones only by their size.
constexpr size_t kMaxNotedDictionary = 10000;

OperatorSpec sequences_spec() {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.1.0";
    spec.doc = "Builds one row per user holding the user's items in time order (the last max_length of them)";
    spec.input("table", Kind::Table, "interactions");
    spec.output("sequences", Kind::Table, "user, items (int64 list), one int64 list per extra column, length");
    spec.param("user", ParamType::String, "user", "user column (int64 or string); output rows are sorted by it");
    spec.param("item", ParamType::String, "item", "item column (int64, or string: its dictionary codes)");
    spec.param("time", ParamType::String, "ts", "time column ordering each sequence (\"\" = input order)");
    spec.param("extra", ParamType::StringList, Json::array(),
               "more int64 or string columns to turn into lists beside items, e.g. [ts, event]");
    spec.param("max_length", ParamType::Int, 200, "keep the last this many entries of each sequence").at_least(1);
    return spec;
}

// The columns turned into lists: the item column (output name "items") and each extra column.
std::vector<std::pair<std::string, const Column*>> list_sources(const Table& table, const Params& params) {
    const std::string user = params.text("user");
    std::vector<std::pair<std::string, const Column*>> sources{
        {"items", &require_key_column(table, params.text("item"), {kOp, "item"})}};
    for (const auto& name : params.texts("extra")) {
        const Column& c = require_column(table, name, {kOp, "extra"});
        if (c.type != ColumnType::Int64 && c.type != ColumnType::String)
            throw Error(std::string(kOp) + ": column '" + name + "' (param 'extra') is " + to_string(c.type) +
                        "; list columns hold int64, so extra columns must be int64 or string");
        if (name == user || name == "items" || name == "length")
            throw Error(std::string(kOp) + ": column '" + name + "' (param 'extra') would collide with the output column '" +
                        name + "'; the output has " + user + ", items, the extra columns and length");
        for (const auto& [out_name, column] : sources)
            if (out_name == name) throw Error(std::string(kOp) + ": column '" + name + "' is listed twice in param 'extra'");
        sources.emplace_back(name, &c);
    }
    return sources;
}

// The output's user column: one cell per non-empty group, from the group's first row.
Column user_column(const Column& user, const GroupedRows& grouped, const std::vector<int64_t>& groups) {
    Column out;
    out.name = user.name;
    out.type = user.type;
    out.dict = user.dict;
    out.ints.reserve(groups.size());
    for (int64_t g : groups) out.ints.push_back(user.ints[grouped.rows[grouped.start[g]]]);
    return out;
}

// Offsets of the truncated sequences: each keeps its last max_length entries.
std::vector<int64_t> list_offsets(const GroupedRows& grouped, const std::vector<int64_t>& groups, int64_t max_length) {
    std::vector<int64_t> offsets(1, 0);
    offsets.reserve(groups.size() + 1);
    for (int64_t g : groups)
        offsets.push_back(offsets.back() + std::min(max_length, grouped.start[g + 1] - grouped.start[g]));
    return offsets;
}

// The values of one list column: per group, the source's values on the group's last max_length rows.
std::vector<int64_t> list_values(const Column& source, const GroupedRows& grouped, const std::vector<int64_t>& groups,
                                 int64_t max_length, int64_t total) {
    std::vector<int64_t> values;
    values.reserve(total);
    for (int64_t g : groups) {
        int64_t end = grouped.start[g + 1];
        int64_t begin = std::max(grouped.start[g], end - max_length);
        for (int64_t i = begin; i < end; ++i) values.push_back(source.ints[grouped.rows[i]]);
    }
    return values;
}

// Records what a string column's codes mean.
void note_dictionary(Context& ctx, const std::string& list_name, const Column& source) {
    if (source.dict.size() <= kMaxNotedDictionary) {
        ctx.note(list_name + "_dictionary", source.dict);
    } else {
        ctx.note(list_name + "_dictionary_size", static_cast<int64_t>(source.dict.size()));
        ctx.info("'" + list_name + "' holds codes of column '" + source.name + "' (" +
                 std::to_string(source.dict.size()) + " values); encode it first to keep its meaning");
    }
}

Outputs run_sequences(Context& ctx, const Inputs& inputs, const Params& params) {
    const Table& table = inputs.table("table");
    const Column& user = require_key_column(table, params.text("user"), {kOp, "user"});
    auto sources = list_sources(table, params);
    const Column* time = nullptr;
    if (!params.text("time").empty()) time = &require_numeric_column(table, params.text("time"), {kOp, "time"});
    GroupIds ids = group_ids(user);
    GroupedRows grouped = group_rows(ids, time);
    ctx.progress(0.5, "rows grouped by user");

    std::vector<int64_t> groups, lengths;
    for (int64_t g = 0; g < ids.count; ++g)
        if (grouped.start[g + 1] > grouped.start[g]) {
            groups.push_back(g);
            lengths.push_back(grouped.start[g + 1] - grouped.start[g]);
        }
    const int64_t max_length = params.integer("max_length");
    std::vector<int64_t> offsets = list_offsets(grouped, groups, max_length);

    Table out;
    out.add(user_column(user, grouped, groups));
    for (const auto& [name, source] : sources) {
        out.add_list(name, offsets, list_values(*source, grouped, groups, max_length, offsets.back()));
        if (source->type == ColumnType::String) note_dictionary(ctx, name, *source);
    }
    out.add_int64("length", std::move(lengths));

    if (ids.nulls > 0) ctx.warn(std::to_string(ids.nulls) + " rows have a null '" + user.name + "'; they are left out");
    ctx.note("null_user_rows", ids.nulls);
    ctx.note("users", static_cast<int64_t>(groups.size()));
    ctx.progress(1.0, "done");
    return {{"sequences", make_artifact(std::move(out))}};
}

}  // namespace

void register_sequences(Registry& registry) { registry.add_operator(sequences_spec(), run_sequences); }

}  // namespace persona::transforms
