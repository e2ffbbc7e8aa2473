// source.csv: the operator spec and the translation of its params into CsvOptions.
#include "csv_reader.h"
#include "persona/error.h"
#include "sources.h"

namespace persona::sources {

namespace {

// One character from a param such as delimiter: "," ";" "|" "\t" (or the words "tab" and "space").
// (delimiter "whitespace", runs of spaces and tabs, is handled by options_from.)
char single_char(const std::string& param, const std::string& value) {
    if (value == "tab" || value == "\\t") return '\t';
    if (value == "space") return ' ';
    if (value.size() != 1)
        throw Error("parameter '" + param + "': expected one character (or \"tab\", \"space\"" +
                    (param == "delimiter" ? ", \"whitespace\"" : "") + "), got \"" + value + "\"");
    return value[0];
}

CsvOptions options_from(const Params& params) {
    CsvOptions options;
    options.whitespace = params.text("delimiter") == "whitespace";
    options.dialect.delimiter = options.whitespace ? '\t' : single_char("delimiter", params.text("delimiter"));
    const std::string quote = params.text("quote");
    options.dialect.quoting = !quote.empty();
    options.dialect.quote = quote.empty() ? '"' : single_char("quote", quote);
    if (options.whitespace) options.dialect.quoting = false;  // whitespace-separated fields are never quoted
    if (options.dialect.quoting && options.dialect.quote == options.dialect.delimiter)
        throw Error("parameters 'quote' and 'delimiter' must differ");
    options.header = params.flag("header");
    for (const auto& [column, type] : params.raw("types").items()) {
        if (!type.is_string())
            throw Error("types: column '" + column + "' must map to a type name (int64, float64, string, datetime), got " +
                        type.dump());
        options.types[column] = type.get<std::string>();
    }
    options.columns = params.texts("columns");
    options.bad_rows = bad_row_policy_from_name(params.text("bad_rows"));
    return options;
}

Outputs run_csv(Context& ctx, const Inputs&, const Params& params) {
    Table table = read_csv(params.text("path"), options_from(params), ctx);
    return {{"table", make_artifact(std::move(table))}};
}

}  // namespace

void register_csv_source(Registry& registry) {
    OperatorSpec spec;
    spec.name = "source.csv";
    spec.version = "0.1.0";
    spec.doc = "Loads a CSV file into a table (RFC 4180 quoting, typed columns, bad-row policy)";
    spec.output("table", Kind::Table, "the file's rows, one column per kept CSV column");
    spec.param("path", ParamType::Path, nullptr, "the CSV file");
    spec.param("delimiter", ParamType::String, ",",
               "field separator: one character, \"tab\", or \"whitespace\" (runs of spaces/tabs, no quoting)");
    spec.param("header", ParamType::Bool, true, "the first line names the columns (else c0, c1, ...)");
    spec.param("quote", ParamType::String, "\"", "quote character; \"\" turns quoting off");
    spec.param("types", ParamType::Map, Json::object(),
               "column -> int64|float64|string|datetime; other columns are inferred over all rows");
    spec.param("columns", ParamType::StringList, Json::array(), "columns to keep, in this order (default: all)");
    spec.param("bad_rows", ParamType::String, "fail", "what to do with an unreadable row: fail, or skip and count it")
        .one_of({"fail", "skip"});
    registry.add_operator(std::move(spec), run_csv);
}

}  // namespace persona::sources
