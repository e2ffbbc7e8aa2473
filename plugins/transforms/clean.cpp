// transform.clean: drop duplicate rows, handle missing values, then drop or clip outliers (in that order).
#include <cmath>
#include <optional>

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

// The table being cleaned: the input itself until a stage changes it, so unchanged tables are not copied.
class WorkingTable {
public:
    explicit WorkingTable(const Table& input) : input_(input) {}
    const Table& get() const { return owned_ ? *owned_ : input_; }
    Table& edit() {
        if (!owned_) owned_ = input_;
        return *owned_;
    }
    void replace(Table table) { owned_ = std::move(table); }
    bool changed() const { return owned_.has_value(); }

private:
    const Table& input_;
    std::optional<Table> owned_;
};

// Keeps only the given rows (in order) when that removes any; returns how many it removed.
int64_t keep_rows(WorkingTable& work, const std::vector<int64_t>& keep) {
    int64_t removed = work.get().rows() - static_cast<int64_t>(keep.size());
    if (removed > 0) work.replace(work.get().take(keep));
    return removed;
}

void remove_duplicates(Context& ctx, WorkingTable& work, const Params& params) {
    const Table& table = work.get();
    std::vector<const Column*> on;
    for (const auto& name : chosen_columns(table, params.texts("dedupe_on"), {kOp, "dedupe_on"}))
        on.push_back(&table.column(name));
    int64_t removed = keep_rows(work, first_occurrences(on, table.rows()));
    ctx.note("duplicates_removed", removed);
    if (removed > 0) ctx.info("removed " + std::to_string(removed) + " duplicate rows");
}

void drop_missing_rows(Context& ctx, WorkingTable& work, const std::vector<std::string>& targets) {
    const Table& table = work.get();
    std::vector<const Column*> columns;
    for (const auto& name : targets) columns.push_back(&table.column(name));
    int64_t dropped = keep_rows(work, rows_where(rows_without_nulls(columns, table.rows())));
    ctx.note("missing_rows_dropped", dropped);
    if (dropped > 0) ctx.info("dropped " + std::to_string(dropped) + " rows with nulls");
}

int64_t fill_column(Column& column, const std::string& rule, const std::string& fill) {
    if (rule == "mean") return fill_with_mean(column);
    if (rule == "median") return fill_with_median(column);
    if (rule == "mode") return fill_with_mode(column);
    return fill_with_constant(column, fill);
}

void fill_missing(Context& ctx, WorkingTable& work, const std::vector<std::string>& targets, const std::string& rule,
                  const std::string& fill) {
    int64_t filled = 0;
    for (const auto& name : targets) {
        int64_t nulls = count_nulls(work.get().column(name));
        if (nulls == 0) continue;
        int64_t done = fill_column(work.edit().column(name), rule, fill);
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

void clip_all_outliers(Context& ctx, WorkingTable& work, const std::vector<std::string>& targets,
                       const Params& params) {
    int64_t clipped = 0;
    for (const auto& name : targets) {
        Bounds bounds = outlier_bounds(work.get().column(name), params);
        if (count_outliers(work.get().column(name), bounds) > 0) clipped += clip_outliers(work.edit().column(name), bounds);
    }
    ctx.note("outliers_clipped", clipped);
}

void drop_outlier_rows(Context& ctx, WorkingTable& work, const std::vector<std::string>& targets,
                       const Params& params) {
    const Table& table = work.get();
    std::vector<uint8_t> outlier(table.rows(), 0);
    for (const auto& name : targets) {
        const Column& column = table.column(name);
        flag_outliers(column, outlier_bounds(column, params), outlier);
    }
    for (auto& flag : outlier) flag = !flag;
    int64_t removed = keep_rows(work, rows_where(outlier));
    ctx.note("outliers_removed", removed);
    if (removed > 0) ctx.info("removed " + std::to_string(removed) + " rows with outliers");
}

Outputs run_clean(Context& ctx, const Inputs& inputs, const Params& params) {
    const Table& input = inputs.table("table");
    const std::string rule = params.text("missing");
    const bool outliers = params.text("outliers") != "none";
    // Check every named column before doing any work, so a typo fails fast.
    chosen_columns(input, params.texts("dedupe_on"), {kOp, "dedupe_on"});
    if (rule != "keep") missing_targets(input, params, rule);
    if (outliers) outlier_targets(input, params);

    WorkingTable work(input);
    if (params.flag("dedupe")) remove_duplicates(ctx, work, params);
    ctx.progress(0.4, "duplicates done");
    if (rule == "drop") drop_missing_rows(ctx, work, missing_targets(work.get(), params, rule));
    else if (rule != "keep")
        fill_missing(ctx, work, missing_targets(work.get(), params, rule), rule, params.text("fill"));
    ctx.progress(0.7, "missing values done");
    if (outliers) {
        std::vector<std::string> targets = outlier_targets(work.get(), params);
        if (params.text("outlier_action") == "clip") clip_all_outliers(ctx, work, targets, params);
        else drop_outlier_rows(ctx, work, targets, params);
    }
    ctx.progress(1.0, "done");
    if (!work.changed()) return {{"table", inputs.one("table").artifact}};
    return {{"table", make_artifact(std::move(work.edit()))}};
}

}  // namespace

void register_clean(Registry& registry) { registry.add_operator(clean_spec(), run_clean); }

}  // namespace persona::transforms
