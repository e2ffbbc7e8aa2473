// transform.split: train / valid / test by leave-one-out per user, a global time cut, or a seeded random draw.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "operators.h"
#include "row_order.h"
#include "table_columns.h"

namespace persona::transforms {

namespace {

const char* kOp = "transform.split";

OperatorSpec split_spec() {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.1.0";
    spec.doc = "Splits interactions into train, valid and test (leave-one-out per user, temporal or random)";
    spec.input("table", Kind::Table, "interactions");
    spec.output("train", Kind::Table, "training rows");
    spec.output("valid", Kind::Table, "validation rows (empty when valid is false)");
    spec.output("test", Kind::Table, "test rows");
    spec.param("method", ParamType::String, "leave_one_out", "how rows are held out")
        .one_of({"leave_one_out", "temporal", "random"});
    spec.param("by", ParamType::String, "user", "leave_one_out: the grouping column (int64 or string)");
    spec.param("time", ParamType::String, "ts",
               "time column (int64 or float64); leave_one_out: \"\" keeps the input order within a user");
    spec.param("valid", ParamType::Bool, true, "produce a validation part (leave_one_out: the second-to-last row)");
    spec.param("min_history", ParamType::Int, 3, "leave_one_out: users with fewer rows go wholly to train").at_least(1);
    spec.param("valid_fraction", ParamType::Float, 0.1, "temporal/random: share of rows for valid, in [0, 1)")
        .range(0, 1);
    spec.param("test_fraction", ParamType::Float, 0.2, "temporal/random: share of rows for test, in [0, 1)")
        .range(0, 1);
    return spec;
}

// Row indices of each part, in the order they appear in the output tables.
struct Parts {
    std::vector<int64_t> train, valid, test;
};

// Leave-one-out: per group in (group, time) order, the last row to test and the second-to-last to valid.
Parts leave_one_out_parts(Context& ctx, const Table& table, const Params& params) {
    GroupIds groups = group_ids(require_key_column(table, params.text("by"), {kOp, "by"}));
    const Column* time = nullptr;
    if (!params.text("time").empty()) time = &require_numeric_column(table, params.text("time"), {kOp, "time"});
    GroupedRows grouped = group_rows(groups, time);

    const int64_t min_history = params.integer("min_history");
    const bool valid = params.flag("valid");
    Parts parts;
    parts.train.reserve(table.rows());
    int64_t short_groups = 0, held_out_groups = 0;
    for (int64_t g = 0; g < groups.count; ++g) {
        int64_t begin = grouped.start[g], end = grouped.start[g + 1], n = end - begin;
        if (n == 0) continue;
        int64_t train_end = end;
        if (n < min_history) {
            ++short_groups;
        } else {
            ++held_out_groups;
            parts.test.push_back(grouped.rows[--train_end]);
            if (valid && n >= 2) parts.valid.push_back(grouped.rows[--train_end]);
        }
        parts.train.insert(parts.train.end(), grouped.rows.begin() + begin, grouped.rows.begin() + train_end);
    }
    if (groups.nulls > 0) {
        for (int64_t r = 0; r < table.rows(); ++r)
            if (groups.ids[r] < 0) parts.train.push_back(r);
        ctx.warn(std::to_string(groups.nulls) + " rows have a null '" + params.text("by") + "'; they go to train");
    }
    ctx.note("null_key_rows", groups.nulls);
    ctx.note("users_held_out", held_out_groups);
    ctx.note("users_short_history", short_groups);
    return parts;
}

// Checks the two fractions leave rows for train; returns (valid share, test share).
std::pair<double, double> fractions(const Params& params) {
    double valid = params.flag("valid") ? params.number("valid_fraction") : 0.0;
    double test = params.number("test_fraction");
    if (params.number("valid_fraction") >= 1 || test >= 1 || valid + test >= 1)
        throw Error(std::string(kOp) + ": valid_fraction (" + std::to_string(valid) + ") + test_fraction (" +
                    std::to_string(test) + ") must be below 1 so that train keeps rows");
    return {valid, test};
}

// How many of n rows a fraction asks for, rounded half away from zero.
int64_t share_of(int64_t n, double fraction) {
    return static_cast<int64_t>(std::llround(static_cast<double>(n) * fraction));
}

// Sorts rows into parts by a per-row label (0 train, 1 valid, 2 test), each part in input order.
Parts parts_from_labels(const std::vector<uint8_t>& label) {
    Parts parts;
    for (size_t r = 0; r < label.size(); ++r) {
        int64_t row = static_cast<int64_t>(r);
        if (label[r] == 0) parts.train.push_back(row);
        else if (label[r] == 1) parts.valid.push_back(row);
        else parts.test.push_back(row);
    }
    return parts;
}

// Notes the time value at a cut (in the column's own type).
void note_cut(Context& ctx, const std::string& key, const Column& time, int64_t row) {
    if (time.type == ColumnType::Int64) ctx.note(key, time.ints[row]);
    else ctx.note(key, time.floats[row]);
}

// Temporal: the latest test_fraction of (non-null) rows by time go to test, the valid_fraction before to valid;
// the cuts are time values, so rows with equal times always land in the same part.
Parts temporal_parts(Context& ctx, const Table& table, const Params& params) {
    auto [valid_share, test_share] = fractions(params);
    const Column& time = require_numeric_column(table, params.text("time"), {kOp, "time"});
    const std::vector<TimedRow> sorted = rows_by_time(time);
    const int64_t n = table.rows();
    int64_t nulls = 0;
    while (nulls < n && sorted[nulls].key == kNullInt) ++nulls;
    const int64_t n_test = share_of(n - nulls, test_share);
    const int64_t n_valid = std::min(n - nulls - n_test, share_of(n - nulls, valid_share));

    const int64_t none = std::numeric_limits<int64_t>::max();
    int64_t test_cut = none, valid_cut = none;
    if (n_test > 0) {
        test_cut = sorted[n - n_test].key;
        note_cut(ctx, "test_start", time, sorted[n - n_test].row);
    }
    if (n_valid > 0) {
        valid_cut = sorted[n - n_test - n_valid].key;
        note_cut(ctx, "valid_start", time, sorted[n - n_test - n_valid].row);
    }
    std::vector<uint8_t> label(n, 0);
    for (int64_t i = nulls; i < n; ++i) {
        int64_t key = sorted[i].key;
        label[sorted[i].row] = key >= test_cut ? 2 : key >= valid_cut ? 1 : 0;
    }
    if (nulls > 0) ctx.warn(std::to_string(nulls) + " rows have a null time; they go to train");
    ctx.note("null_time_rows", nulls);
    return parts_from_labels(label);
}

// A uniform index in [0, bound) from one 64-bit draw (multiply-high; the same on every platform).
uint64_t below(std::mt19937_64& rng, uint64_t bound) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(rng()) * bound) >> 64);
}

// Random: a seeded shuffle; the first test_fraction of it go to test, the next valid_fraction to valid.
Parts random_parts(Context& ctx, const Table& table, const Params& params) {
    auto [valid_share, test_share] = fractions(params);
    const int64_t n = table.rows();
    const int64_t n_test = share_of(n, test_share);
    const int64_t n_valid = std::min(n - n_test, share_of(n, valid_share));
    std::vector<int64_t> shuffled(n);
    std::iota(shuffled.begin(), shuffled.end(), 0);
    std::mt19937_64 rng(ctx.seed());
    for (int64_t i = n - 1; i > 0; --i) std::swap(shuffled[i], shuffled[below(rng, static_cast<uint64_t>(i) + 1)]);
    std::vector<uint8_t> label(n, 0);
    for (int64_t i = 0; i < n_test + n_valid; ++i) label[shuffled[i]] = i < n_test ? 2 : 1;
    return parts_from_labels(label);
}

Outputs run_split(Context& ctx, const Inputs& inputs, const Params& params) {
    const Table& table = inputs.table("table");
    const std::string method = params.text("method");
    Parts parts = method == "leave_one_out" ? leave_one_out_parts(ctx, table, params)
                  : method == "temporal"    ? temporal_parts(ctx, table, params)
                                            : random_parts(ctx, table, params);
    ctx.progress(0.5, "rows assigned");
    ctx.note("train_rows", static_cast<int64_t>(parts.train.size()));
    ctx.note("valid_rows", static_cast<int64_t>(parts.valid.size()));
    ctx.note("test_rows", static_cast<int64_t>(parts.test.size()));
    Outputs out{{"train", make_artifact(table.take(parts.train))},
                {"valid", make_artifact(table.take(parts.valid))},
                {"test", make_artifact(table.take(parts.test))}};
    ctx.progress(1.0, "done");
    return out;
}

}  // namespace

void register_split(Registry& registry) { registry.add_operator(split_spec(), run_split); }

}  // namespace persona::transforms
