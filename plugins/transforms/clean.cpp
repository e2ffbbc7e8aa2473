// transform.clean: drop duplicate rows, handle missing values, then drop or clip outliers (in that order).
#include <cmath>

#include "dedupe.h"
#include "missing_values.h"
#include "operators.h"
#include "outliers.h"
#include "row_order.h"
#include "table_columns.h"

namespace persona::transforms {

namespace {

const char* kOp = "transform.clean";

OperatorSpec clean_spec() {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.1.0";
    spec.doc = "Drops duplicate rows, fills or drops missing values, drops or clips outliers";
    spec.input("table", Kind::Table, "the table to clean");
    spec.output("table", Kind::Table, "the cleaned table (rows keep their input order)");
    spec.param("dedupe", ParamType::Bool, false, "drop exact duplicate rows, keeping the first");
    spec.param("dedupe_on", ParamType::StringList, Json::array(), "columns compared for duplicates ([] = all)");
    spec.param("missing", ParamType::String, "keep", "what to do with nulls")
        .one_of({"keep", "drop", "mean", "median", "mode", "constant"});
    spec.param("missing_columns", ParamType::StringList, Json::array(),
               "columns whose nulls are handled ([] = all; all numeric ones for mean/median)");
    spec.param("fill", ParamType::String, "", "the constant for missing=constant, parsed as the column's type");
    spec.param("outliers", ParamType::String, "none", "how outliers are found").one_of({"none", "zscore", "iqr"});
    spec.param("outlier_columns", ParamType::StringList, Json::array(),
               "numeric columns checked for outliers ([] = all float64 columns)");
    spec.param("z", ParamType::Float, 3.0, "zscore: values farther than z population stds from the mean").at_least(0);
    spec.param("iqr_factor", ParamType::Float, 1.5, "iqr: values beyond Q1 - f*IQR or Q3 + f*IQR").at_least(0);
    spec.param("outlier_action", ParamType::String, "drop", "drop the row or clip the value to the bound")
        .one_of({"drop", "clip"});
    return spec;
}

bool is_numeric(const Column& c) { return c.type == ColumnType::Int64 || c.type == ColumnType::Float64; }

// The columns missing-value handling applies to: named ones (checked), or all that fit the rule.
std::vector<std::string> missing_targets(const Table& table, const Params& params, const std::string& rule) {
    std::vector<std::string> named = params.texts("missing_columns");
    bool numeric_rule = rule == "mean" || rule == "median";
    if (named.empty()) {
        std::vector<std::string> all;
        for (const auto& c : table.columns())
            if (!numeric_rule || is_numeric(c)) all.push_back(c.name);
        return all;
    }
    for (const auto& name : named) {
        const Column& c = require_column(table, name, {kOp, "missing_columns"});
        if (numeric_rule && !is_numeric(c))
            throw Error(std::string(kOp) + ": missing=" + rule + " needs numeric columns, but column '" + name +
                        "' (param 'missing_columns') is " + to_string(c.type) +
                        "; use missing=mode or missing=constant for it");
    }
    return named;
}

// The columns outlier detection applies to: named ones (must be numeric), or all float64 columns.
std::vector<std::string> outlier_targets(const Table& table, const Params& params) {
    std::vector<std::string> named = params.texts("outlier_columns");
    if (named.empty()) {
        for (const auto& c : table.columns())
            if (c.type == ColumnType::Float64) named.push_back(c.name);
        return named;
    }
    for (const auto& name : named) require_numeric_column(table, name, {kOp, "outlier_columns"});
    return named;
}

Table remove_duplicates(Context& ctx, const Table& table, const Params& params) {
    std::vector<const Column*> on;
    for (const auto& name : chosen_columns(table, params.texts("dedupe_on"), {kOp, "dedupe_on"}))
        on.push_back(&table.column(name));
    std::vector<int64_t> keep = first_occurrences(on, table.rows());
    int64_t removed = table.rows() - static_cast<int64_t>(keep.size());
    ctx.note("duplicates_removed", removed);
    if (removed > 0) ctx.info("removed " + std::to_string(removed) + " duplicate rows");
    return removed > 0 ? table.take(keep) : table;
}

Table drop_missing_rows(Context& ctx, Table table, const std::vector<std::string>& targets) {
    std::vector<const Column*> columns;
    for (const auto& name : targets) columns.push_back(&table.column(name));
    std::vector<int64_t> keep = rows_where(rows_without_nulls(columns, table.rows()));
    int64_t dropped = table.rows() - static_cast<int64_t>(keep.size());
    ctx.note("missing_rows_dropped", dropped);
    if (dropped > 0) ctx.info("dropped " + std::to_string(dropped) + " rows with nulls");
    return dropped > 0 ? table.take(keep) : table;
}

int64_t fill_column(Column& column, const std::string& rule, const std::string& fill) {
    if (rule == "mean") return fill_with_mean(column);
    if (rule == "median") return fill_with_median(column);
    if (rule == "mode") return fill_with_mode(column);
    return fill_with_constant(column, fill);
}

void fill_missing(Context& ctx, Table& table, const std::vector<std::string>& targets, const std::string& rule,
                  const std::string& fill) {
    int64_t filled = 0;
    for (const auto& name : targets) {
        Column& column = table.column(name);
        int64_t nulls = count_nulls(column);
        int64_t done = fill_column(column, rule, fill);
        if (done < nulls)
            ctx.warn("column '" + name + "' has no values to compute its " + rule + " from; its " +
                     std::to_string(nulls - done) + " nulls stay");
        filled += done;
    }
    ctx.note("missing_filled", filled);
}

Bounds outlier_bounds(const Column& column, const Params& params) {
    if (params.text("outliers") == "zscore") return zscore_bounds(column, params.number("z"));
    return iqr_bounds(column, params.number("iqr_factor"));
}

Table handle_outliers(Context& ctx, Table table, const Params& params) {
    std::vector<std::string> targets = outlier_targets(table, params);
    if (params.text("outlier_action") == "clip") {
        int64_t clipped = 0;
        for (const auto& name : targets) {
            Column& column = table.column(name);
            clipped += clip_outliers(column, outlier_bounds(column, params));
        }
        ctx.note("outliers_clipped", clipped);
        return table;
    }
    std::vector<uint8_t> outlier(table.rows(), 0);
    for (const auto& name : targets) {
        const Column& column = table.column(name);
        flag_outliers(column, outlier_bounds(column, params), outlier);
    }
    for (auto& flag : outlier) flag = !flag;
    std::vector<int64_t> keep = rows_where(outlier);
    int64_t removed = table.rows() - static_cast<int64_t>(keep.size());
    ctx.note("outliers_removed", removed);
    if (removed > 0) ctx.info("removed " + std::to_string(removed) + " rows with outliers");
    return removed > 0 ? table.take(keep) : table;
}

Outputs run_clean(Context& ctx, const Inputs& inputs, const Params& params) {
    const Table& input = inputs.table("table");
    std::string rule = params.text("missing");
    // Check every named column before doing any work, so a typo fails fast.
    chosen_columns(input, params.texts("dedupe_on"), {kOp, "dedupe_on"});
    if (rule != "keep") missing_targets(input, params, rule);
    if (params.text("outliers") != "none") outlier_targets(input, params);

    Table table = params.flag("dedupe") ? remove_duplicates(ctx, input, params) : input;
    ctx.progress(0.4, "duplicates done");
    if (rule != "keep") {
        std::vector<std::string> targets = missing_targets(table, params, rule);
        if (rule == "drop") table = drop_missing_rows(ctx, std::move(table), targets);
        else fill_missing(ctx, table, targets, rule, params.text("fill"));
    }
    ctx.progress(0.7, "missing values done");
    if (params.text("outliers") != "none") table = handle_outliers(ctx, std::move(table), params);
    ctx.progress(1.0, "done");
    return {{"table", make_artifact(std::move(table))}};
}

}  // namespace

void register_clean(Registry& registry) { registry.add_operator(clean_spec(), run_clean); }

}  // namespace persona::transforms
