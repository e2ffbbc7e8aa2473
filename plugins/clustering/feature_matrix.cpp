#include "feature_matrix.h"

#include <algorithm>
#include <cmath>

#include "persona/error.h"

namespace persona::clustering {

namespace {

std::string known_columns(const Table& table) {
    std::string out;
    for (const Column& c : table.columns()) out += (out.empty() ? "" : ", ") + c.name + " (" + to_string(c.type) + ")";
    return out.empty() ? "none" : out;
}

const Column& require_column(const Table& table, const std::string& name, const std::string& role,
                             const std::string& op) {
    if (!table.has(name))
        throw Error(op + ": " + role + " column '" + name + "' is not in the table; its columns: " + known_columns(table));
    return table.column(name);
}

bool is_numeric(ColumnType type) { return type == ColumnType::Int64 || type == ColumnType::Float64; }

// One raw cell as a double; NaN when missing (null, NaN or infinite).
double cell(const Column& column, int64_t row, int64_t component) {
    double v;
    if (column.type == ColumnType::Vector)
        v = column.vectors[static_cast<size_t>(row * column.width + component)];
    else
        v = column.number(row);
    return std::isfinite(v) ? v : std::nan("");
}

// Counts of what preparing one matrix column found.
struct ColumnFacts {
    std::vector<bool> missing;  // per row
    int64_t out_of_domain = 0;
};

// Fills matrix column j of `original` and `transformed` from the raw cells; missing cells stay NaN.
ColumnFacts read_cells(const Column& column, int64_t component, bool log1p, int64_t j, RowMatrix& original,
                       RowMatrix& transformed) {
    ColumnFacts facts;
    const int64_t n = original.rows();
    facts.missing.assign(static_cast<size_t>(n), false);
    for (int64_t r = 0; r < n; ++r) {
        const double v = cell(column, r, component);
        original(r, j) = v;
        double t = v;
        if (log1p && !std::isnan(v)) {
            if (v <= -1.0) {
                ++facts.out_of_domain;
                t = std::nan("");
            } else {
                t = std::log1p(v);
            }
        }
        transformed(r, j) = t;
        facts.missing[static_cast<size_t>(r)] = std::isnan(t);
    }
    return facts;
}

// Mean of the non-NaN entries of column j (NaN when there are none).
double mean_of_present(const RowMatrix& m, int64_t j) {
    double sum = 0;
    int64_t count = 0;
    for (int64_t r = 0; r < m.rows(); ++r)
        if (!std::isnan(m(r, j))) {
            sum += m(r, j);
            ++count;
        }
    return count ? sum / static_cast<double>(count) : std::nan("");
}

// Replaces NaN entries of column j by `value`.
void fill_missing(RowMatrix& m, int64_t j, double value) {
    for (int64_t r = 0; r < m.rows(); ++r)
        if (std::isnan(m(r, j))) m(r, j) = value;
}

// Mean and population std of column j; std is 1 (and `constant` set) when every value is the same.
void column_scale(const RowMatrix& m, int64_t j, double& mean, double& std, bool& constant) {
    const auto col = m.col(j);
    mean = col.mean();
    constant = col.maxCoeff() == col.minCoeff();
    if (constant) {
        std = 1.0;
        return;
    }
    std = std::sqrt((col.array() - mean).square().mean());
}

}  // namespace

std::vector<std::string> select_feature_columns(const Table& table, const FeatureOptions& options,
                                                const std::string& op) {
    std::vector<std::string> names = options.features;
    if (names.empty()) {
        for (const Column& c : table.columns())
            if (is_numeric(c.type) && c.name != options.id) names.push_back(c.name);
        if (names.empty())
            throw Error(op + ": param 'features' is [] and the table has no int64/float64 column besides the id '" +
                        options.id + "'; its columns: " + known_columns(table));
    }
    for (size_t i = 0; i < names.size(); ++i) {
        const Column& c = require_column(table, names[i], "feature", op);
        if (!is_numeric(c.type) && c.type != ColumnType::Vector)
            throw Error(op + ": feature column '" + names[i] + "' is " + to_string(c.type) +
                        ", expected int64, float64 or a float32 vector");
        if (names[i] == options.id)
            throw Error(op + ": param 'features' lists the id column '" + options.id + "'");
        if (std::find(names.begin(), names.begin() + i, names[i]) != names.begin() + i)
            throw Error(op + ": param 'features' lists '" + names[i] + "' twice");
    }
    for (const std::string& name : options.log1p)
        if (std::find(names.begin(), names.end(), name) == names.end())
            throw Error(op + ": param 'log1p' names '" + name + "', which is not one of the features");
    return names;
}

FeatureMatrix build_feature_matrix(const Table& table, const FeatureOptions& options, const std::string& op) {
    const Column& id = require_column(table, options.id, "id (param 'id')", op);
    if (id.type != ColumnType::Int64)
        throw Error(op + ": id column '" + options.id + "' is " + to_string(id.type) + ", expected int64");
    if (table.rows() == 0) throw Error(op + ": the input table has no rows");
    const std::vector<std::string> columns = select_feature_columns(table, options, op);

    FeatureMatrix fm;
    fm.ids = id.ints;
    fm.standardized = options.standardize;
    for (const std::string& name : columns) {
        const Column& c = table.column(name);
        const bool log = std::find(options.log1p.begin(), options.log1p.end(), name) != options.log1p.end();
        const int64_t width = c.type == ColumnType::Vector ? c.width : 1;
        for (int64_t k = 0; k < width; ++k) {
            fm.names.push_back(c.type == ColumnType::Vector ? name + "[" + std::to_string(k) + "]" : name);
            fm.log1p.push_back(log);
        }
    }
    const int64_t n = table.rows();
    const int64_t d = static_cast<int64_t>(fm.names.size());
    if (d == 0) throw Error(op + ": the feature columns have no values (a vector column of width 0)");
    fm.original.resize(n, d);
    fm.transformed.resize(n, d);
    fm.means.resize(static_cast<size_t>(d));
    fm.stds.resize(static_cast<size_t>(d));

    std::vector<bool> row_missing(static_cast<size_t>(n), false);
    int64_t j = 0;
    for (const std::string& name : columns) {
        const Column& c = table.column(name);
        const int64_t width = c.type == ColumnType::Vector ? c.width : 1;
        for (int64_t k = 0; k < width; ++k, ++j) {
            const ColumnFacts facts = read_cells(c, k, fm.log1p[static_cast<size_t>(j)], j, fm.original, fm.transformed);
            const double original_mean = mean_of_present(fm.original, j);
            const double transformed_mean = mean_of_present(fm.transformed, j);
            if (std::isnan(transformed_mean))
                throw Error(op + ": feature '" + fm.names[static_cast<size_t>(j)] +
                            "' has no usable value (every cell is missing" +
                            (facts.out_of_domain ? std::string(" or <= -1 under log1p") : "") + ")");
            for (int64_t r = 0; r < n; ++r)
                if (facts.missing[static_cast<size_t>(r)]) {
                    ++fm.missing_cells;
                    row_missing[static_cast<size_t>(r)] = true;
                    // An out-of-domain cell keeps its original value; only a truly missing one takes the mean.
                    if (std::isnan(fm.original(r, j))) fm.original(r, j) = original_mean;
                }
            fill_missing(fm.transformed, j, transformed_mean);
            fm.log1p_out_of_domain += facts.out_of_domain;
            bool constant = false;
            column_scale(fm.transformed, j, fm.means[static_cast<size_t>(j)], fm.stds[static_cast<size_t>(j)], constant);
            if (constant) fm.constant_features.push_back(fm.names[static_cast<size_t>(j)]);
        }
    }
    fm.rows_with_missing = std::count(row_missing.begin(), row_missing.end(), true);

    fm.values = fm.transformed;
    if (options.standardize)
        for (int64_t c = 0; c < d; ++c)
            fm.values.col(c) = (fm.values.col(c).array() - fm.means[static_cast<size_t>(c)]) / fm.stds[static_cast<size_t>(c)];
    return fm;
}

}  // namespace persona::clustering
