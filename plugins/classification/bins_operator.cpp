// transform.bins: a numeric column cut into labelled bands (e.g. ages into the MovieLens-1M age groups).
#include "bands.h"
#include "columns.h"
#include "operators.h"
#include "persona/context.h"
#include "persona/error.h"

namespace persona::classification {

namespace {

constexpr const char* kOp = "transform.bins";

OperatorSpec bins_spec() {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.1.0";
    spec.doc = "Cuts a numeric column into labelled bands [e(i-1), e(i)) and adds them as a string column";
    spec.input("table", Kind::Table, "any table with the numeric column");
    spec.output("table", Kind::Table, "the input table plus the band column (null where the value is null)");
    spec.param("column", ParamType::String, Json(), "the numeric column (int64 or float64)");
    spec.param("edges", ParamType::FloatList, Json(), "strictly increasing edges; n edges make n + 1 bands");
    spec.param("labels", ParamType::StringList, Json::array(),
               "one label per band, lowest first ([] = from the edges: \"< 18\", \"18-25\", ..., \">= 56\")");
    spec.param("output", ParamType::String, "", "the band column's name (\"\" = <column>_band)");
    return spec;
}

Outputs run_bins(Context& ctx, const Inputs& inputs, const Params& params) {
    const Table& table = inputs.table("table");
    const std::string name = params.text("column");
    const Column& values = require_numeric(table, name, {kOp, "table", "column"});
    const Bands bands = make_bands(params.numbers("edges"), params.texts("labels"), kOp);
    const std::string output = params.text("output").empty() ? name + "_band" : params.text("output");
    if (table.has(output))
        throw Error(std::string(kOp) + ": input 'table' already has a column '" + output +
                    "' (param 'output'); choose another name");

    std::vector<int64_t> codes(values.size());
    std::vector<int64_t> per_band(bands.labels.size(), 0);
    int64_t nulls = 0;
    for (int64_t row = 0; row < values.size(); ++row) {
        codes[row] = bands.band_of(values.number(row));
        if (codes[row] < 0)
            ++nulls;
        else
            ++per_band[codes[row]];
    }
    ctx.note("null_values", nulls);
    if (nulls > 0) ctx.warn(std::to_string(nulls) + " rows have a null '" + name + "'; their band is null");
    Json counts = Json::object();
    for (size_t b = 0; b < bands.labels.size(); ++b) counts[bands.labels[b]] = per_band[b];
    ctx.note("rows_per_band", counts);

    Table out = table;
    out.add_string_codes(output, std::move(codes), bands.labels);
    return {{"table", make_artifact(std::move(out))}};
}

}  // namespace

void register_bins(Registry& registry) { registry.add_operator(bins_spec(), run_bins); }

}  // namespace persona::classification
