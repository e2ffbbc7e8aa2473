// transform.tfidf: one float32 vector per user over a vocabulary of items (or item attribute values),
// weighted by TF-IDF or left raw (e.g. the plain rating vector).
#include "columns.h"
#include "operators.h"
#include "persona/context.h"
#include "persona/error.h"
#include "term_weights.h"
#include "user_terms.h"

namespace persona::classification {

namespace {

constexpr const char* kOp = "transform.tfidf";
constexpr int64_t kMostCells = int64_t{1} << 28;  // 1 GiB of float32: beyond it, ask for min_df / max_terms

OperatorSpec tfidf_spec() {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.1.0";
    spec.doc = "Per-user vector over the items (or item attribute values) the user interacted with: TF-IDF or raw values";
    spec.input("events", Kind::Table, "interactions: user, item (int64), optional value column");
    spec.input("items", Kind::Table, "items with the attribute column (only for param attribute)", false, true);
    spec.output("vectors", Kind::Table, "user (ascending), <output> float32 vector over the vocabulary");
    spec.output("vocabulary", Kind::Table, "position, item (or term), df, idf: the vector's components in order");
    spec.param("user", ParamType::String, "user", "user id column (int64) of events");
    spec.param("item", ParamType::String, "item", "item id column (int64) of events and items");
    spec.param("value", ParamType::String, "",
               "column summed as the term frequency, e.g. rating (\"\" = each event counts 1)");
    spec.param("mode", ParamType::String, "tfidf", "tfidf: tf x smoothed idf; raw: the summed values as they are")
        .one_of({"tfidf", "raw"});
    spec.param("sublinear", ParamType::Bool, false, "tfidf: tf -> 1 + ln(tf)");
    spec.param("norm", ParamType::String, "l2", "divide each user's vector by its l2 or l1 norm, or none")
        .one_of({"l2", "l1", "none"});
    spec.param("min_df", ParamType::Int, 1, "drop terms that fewer users than this have").at_least(1);
    spec.param("max_terms", ParamType::Int, 0, "keep the terms most users have (0 = all)").at_least(0);
    spec.param("attribute", ParamType::String, "",
               "items column whose values are the terms (e.g. genres); \"\" = the items themselves");
    spec.param("separator", ParamType::String, "|", "splits an attribute cell into several values (\"\" = never)");
    spec.param("output", ParamType::String, "", "the vector column's name (\"\" = the mode: tfidf or raw)");
    return spec;
}

// Reads the events' user, item and optional value columns.
EventColumns event_columns(const Table& events, const Params& params) {
    EventColumns columns;
    columns.user = &require_int64(events, params.text("user"), {kOp, "events", "user"});
    columns.item = &require_int64(events, params.text("item"), {kOp, "events", "item"});
    if (!params.text("value").empty())
        columns.value = &require_numeric(events, params.text("value"), {kOp, "events", "value"});
    return columns;
}

// The user-term matrix: item terms, or the items' attribute values when param attribute is set.
UserTerms collect_terms(const Inputs& inputs, const Params& params, TermCounts& counts) {
    const EventColumns events = event_columns(inputs.table("events"), params);
    const std::string attribute = params.text("attribute");
    if (attribute.empty()) return item_terms(events, counts);
    if (!inputs.has("items"))
        throw Error(std::string(kOp) + ": param attribute is '" + attribute +
                    "', so the 'items' input (item id and that column) must be connected");
    const Table& items = inputs.table("items");
    const Column& ids = require_int64(items, params.text("item"), {kOp, "items", "item"});
    const Column& values = require_column(items, attribute, {kOp, "items", "attribute"});
    if (values.type != ColumnType::String)
        throw Error(std::string(kOp) + ": column '" + attribute + "' of input 'items' (param 'attribute') is " +
                    to_string(values.type) + "; expected string");
    return attribute_terms(events, ids, values, params.text("separator"), counts);
}

// The vocabulary table: position, item (int64) or term (string), df, idf of each kept term.
Table vocabulary_table(const TermVocabulary& vocabulary, const std::vector<int64_t>& kept,
                       const std::vector<int64_t>& df, const std::vector<double>& idf) {
    std::vector<int64_t> position, item, kept_df;
    std::vector<std::string> term;
    for (size_t j = 0; j < kept.size(); ++j) {
        position.push_back(static_cast<int64_t>(j));
        if (vocabulary.items)
            item.push_back(vocabulary.item_ids[kept[j]]);
        else
            term.push_back(vocabulary.values[kept[j]]);
        kept_df.push_back(df[kept[j]]);
    }
    Table out;
    out.add_int64("position", std::move(position));
    if (vocabulary.items)
        out.add_int64("item", std::move(item));
    else
        out.add_string("term", term);
    out.add_int64("df", std::move(kept_df));
    out.add_float64("idf", idf);
    return out;
}

// Records the unusable event rows and the users left with an all-zero vector, warning when there are any.
void note_counts(Context& ctx, const TermCounts& counts, int64_t empty_users) {
    ctx.note("bad_rows", counts.bad_rows);
    ctx.note("unknown_items", counts.unknown_items);
    ctx.note("items_without_terms", counts.items_without_terms);
    ctx.note("empty_users", empty_users);
    if (counts.bad_rows > 0)
        ctx.warn(std::to_string(counts.bad_rows) + " event rows with a null user, item or value were skipped");
    if (counts.unknown_items > 0)
        ctx.warn(std::to_string(counts.unknown_items) + " event rows name an item missing from 'items' and were skipped");
    if (counts.items_without_terms > 0)
        ctx.warn(std::to_string(counts.items_without_terms) + " event rows have an item without attribute values");
    if (empty_users > 0)
        ctx.warn(std::to_string(empty_users) + " users have no kept term (all-zero vector)");
}

// The number of users whose row has no kept term.
int64_t count_empty_users(const std::vector<float>& rows, int64_t users, int64_t width) {
    int64_t empty = 0;
    for (int64_t u = 0; u < users; ++u) {
        bool any = false;
        for (int64_t j = 0; j < width && !any; ++j) any = rows[u * width + j] != 0.0f;
        empty += !any;
    }
    return empty;
}

Outputs run_tfidf(Context& ctx, const Inputs& inputs, const Params& params) {
    const std::string mode = params.text("mode");
    WeightSettings settings;
    settings.idf = mode == "tfidf";
    settings.sublinear = params.flag("sublinear");
    settings.norm = params.text("norm");
    if (!settings.idf && settings.sublinear)
        throw Error(std::string(kOp) + ": param sublinear applies to mode tfidf; mode raw keeps the values as they are");

    TermCounts counts;
    const UserTerms terms = collect_terms(inputs, params, counts);
    const int64_t users = static_cast<int64_t>(terms.users.size());
    const auto df = document_frequency(terms);
    const auto kept = select_terms(df, params.integer("min_df"), params.integer("max_terms"));
    if (kept.empty())
        throw Error(std::string(kOp) + ": no term is left (" + std::to_string(terms.vocabulary.size()) +
                    " terms over " + std::to_string(users) + " users, min_df " +
                    std::to_string(params.integer("min_df")) + "); lower min_df");
    const int64_t width = static_cast<int64_t>(kept.size());
    if (users * width > kMostCells)
        throw Error(std::string(kOp) + ": " + std::to_string(users) + " users x " + std::to_string(width) +
                    " terms is too large for dense vectors; raise min_df or set max_terms");
    std::vector<double> idf;
    for (int64_t t : kept) idf.push_back(smooth_idf(users, df[t]));

    auto rows = weight_rows(terms, kept, idf, settings);
    note_counts(ctx, counts, count_empty_users(rows, users, width));
    ctx.note("vocabulary", Json{{"terms", terms.vocabulary.size()}, {"kept", width}, {"users", users}});
    const std::string output = params.text("output").empty() ? mode : params.text("output");
    Table vectors;
    vectors.add_int64(params.text("user"), terms.users);
    vectors.add_vector(output, width, std::move(rows));
    return {{"vectors", make_artifact(std::move(vectors))},
            {"vocabulary", make_artifact(vocabulary_table(terms.vocabulary, kept, df, idf))}};
}

}  // namespace

void register_tfidf(Registry& registry) { registry.add_operator(tfidf_spec(), run_tfidf); }

}  // namespace persona::classification
