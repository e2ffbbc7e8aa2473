// transform.keywords: the keywords of a text column (e.g. product names) as a '|'-separated column, so that
// profile.interests and transform.tfidf can use them as a multi-valued item attribute.
#include <algorithm>
#include <cctype>
#include <map>

#include "keyword_terms.h"
#include "operators.h"
#include "table_columns.h"

namespace persona::transforms {

namespace {

const char* kOp = "transform.keywords";

OperatorSpec keywords_spec() {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.1.0";
    spec.doc = "Keywords of a text column (lower-cased words without stop words, plurals merged) as a '|'-separated column";
    spec.input("table", Kind::Table, "rows with a string text column (e.g. items with their names)");
    spec.output("table", Kind::Table, "every input column plus the keyword column (null when a row has none)");
    spec.output("vocabulary", Kind::Table, "keyword, rows (rows having it); most frequent first");
    spec.param("column", ParamType::String, Json(), "the string column holding the text");
    spec.param("output", ParamType::String, "", "keyword column name (\"\" = <column>_keywords); must not exist yet");
    spec.param("min_length", ParamType::Int, 3, "shorter words are dropped").range(1, 100);
    spec.param("min_rows", ParamType::Int, 2, "keep keywords found in at least this many rows").at_least(1);
    spec.param("max_share", ParamType::Float, 0.5, "drop keywords found in more than this share of the rows with text")
        .range(0.0, 1.0);
    spec.param("english", ParamType::Bool, true, "drop the built-in English stop words (the, and, of, with, ...)");
    spec.param("stopwords", ParamType::StringList, Json::array(), "more words to drop (any case)");
    spec.param("merge_plurals", ParamType::Bool, true, "count a word ending in s as its singular when that is a word too");
    return spec;
}

KeywordRules rules_of(const Params& params) {
    KeywordRules rules;
    rules.min_length = static_cast<size_t>(params.integer("min_length"));
    rules.merge_plurals = params.flag("merge_plurals");
    if (params.flag("english")) rules.stopwords.insert(english_stopwords().begin(), english_stopwords().end());
    for (std::string word : params.texts("stopwords")) {
        for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        rules.stopwords.insert(word);
    }
    return rules;
}

Outputs run_keywords(Context& ctx, const Inputs& inputs, const Params& params) {
    const Table& table = inputs.table("table");
    const std::string name = params.text("column");
    const Column& text = require_column(table, name, {kOp, "column"});
    if (text.type != ColumnType::String)
        throw Error(std::string(kOp) + ": column '" + name + "' (param 'column') is " + to_string(text.type) +
                    "; keywords are read from a string column");
    const std::string output = params.text("output").empty() ? name + "_keywords" : params.text("output");
    if (table.has(output))
        throw Error(std::string(kOp) + ": the output column '" + output + "' exists already (columns: " + column_list(table) +
                    "); set param 'output'");

    // Words per distinct text (the dictionary), then how many rows have each word.
    const std::vector<std::vector<std::string>> words = text_keywords(text.dict, rules_of(params));
    std::map<std::string, int64_t> rows_with;
    int64_t with_text = 0, null_texts = 0;
    for (int64_t r = 0; r < table.rows(); ++r) {
        const int64_t code = text.ints[r];
        if (code < 0) { ++null_texts; continue; }
        ++with_text;
        for (const auto& w : words[code]) ++rows_with[w];
    }
    const double max_rows = params.number("max_share") * static_cast<double>(with_text);
    const int64_t min_rows = params.integer("min_rows");
    auto kept = [&](const std::string& w) {
        const int64_t n = rows_with[w];
        return n >= min_rows && static_cast<double>(n) <= max_rows;
    };

    // The keyword cell of each distinct text, then of each row.
    std::vector<std::string> cell(text.dict.size());
    for (size_t code = 0; code < words.size(); ++code)
        for (const auto& w : words[code])
            if (kept(w)) cell[code] += (cell[code].empty() ? "" : "|") + w;
    StringColumnBuilder keywords;
    int64_t without = 0;
    for (int64_t r = 0; r < table.rows(); ++r) {
        const int64_t code = text.ints[r];
        if (code < 0 || cell[code].empty()) {
            keywords.push_null();
            if (code >= 0) ++without;
        } else {
            keywords.push(cell[code]);
        }
    }
    Table out = table;
    out.add(keywords.finish(output));

    std::vector<std::pair<std::string, int64_t>> vocabulary;
    for (const auto& [w, n] : rows_with)
        if (kept(w)) vocabulary.emplace_back(w, n);
    std::stable_sort(vocabulary.begin(), vocabulary.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<std::string> vocabulary_words;
    std::vector<int64_t> vocabulary_rows;
    for (const auto& [w, n] : vocabulary) vocabulary_words.push_back(w), vocabulary_rows.push_back(n);
    Table vocabulary_table;
    vocabulary_table.add_string("keyword", vocabulary_words);
    vocabulary_table.add_int64("rows", vocabulary_rows);

    ctx.note("null_texts", null_texts);
    ctx.note("rows_without_keywords", without);
    ctx.note("vocabulary", Json{{"words", rows_with.size()}, {"kept", vocabulary.size()}});
    if (without > 0)
        ctx.warn(std::to_string(without) + " of " + std::to_string(with_text) + " rows with text have no kept keyword");
    return {{"table", make_artifact(std::move(out))}, {"vocabulary", make_artifact(std::move(vocabulary_table))}};
}

}  // namespace

void register_keywords(Registry& registry) { registry.add_operator(keywords_spec(), run_keywords); }

}  // namespace persona::transforms
