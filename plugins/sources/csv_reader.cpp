#include "csv_reader.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

#include "csv_columns.h"
#include "mapped_file.h"
#include "prefault.h"
#include "persona/error.h"

namespace persona::sources {

namespace {

std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

// Column names from the header row (or c0, c1, ... without a header); empty names become c<i>.
std::vector<std::string> column_names(const CsvScan& scan, const std::string& path, const CsvOptions& options) {
    const int64_t n = scan.fields_in_row(0);
    std::vector<std::string> names;
    std::string scratch;
    for (int64_t i = 0; i < n; ++i) {
        std::string name = options.header ? std::string(unescape_field(scan.field(0, i), options.dialect.quote, scratch)) : "";
        if (name.empty()) name = "c" + std::to_string(i);
        if (std::find(names.begin(), names.end(), name) != names.end())
            throw Error(path + ":" + std::to_string(scan.row_lines[0]) + ": duplicate column name '" + name + "' in the header");
        names.push_back(std::move(name));
    }
    return names;
}

// The data rows whose shape is right; rows with broken quoting or a wrong field count go to `problems`.
std::vector<int64_t> well_formed_rows(const CsvScan& scan, int64_t first_row, const std::vector<std::string>& names,
                                      std::vector<BadValue>& problems) {
    std::vector<int64_t> rows;
    reserve_prefaulted(rows, static_cast<size_t>(scan.rows()));
    const int64_t expected = static_cast<int64_t>(names.size());
    size_t next_malformed = 0;
    for (int64_t r = first_row; r < scan.rows(); ++r) {
        while (next_malformed < scan.malformed.size() && scan.malformed[next_malformed].row < r) ++next_malformed;
        if (next_malformed < scan.malformed.size() && scan.malformed[next_malformed].row == r) {
            problems.push_back({r, scan.malformed[next_malformed].problem});
            continue;
        }
        const int64_t found = scan.fields_in_row(r);
        if (found != expected) {
            problems.push_back({r, "expected " + std::to_string(expected) + " fields (" + join_names(names) +
                                       "), found " + std::to_string(found)});
            continue;
        }
        rows.push_back(r);
    }
    return rows;
}

// One column to produce: its position in the file, its name, and its declared type (if any).
struct ColumnTask {
    int64_t index = 0;
    std::string name;
    bool declared = false;
    CsvType type = CsvType::String;
    // results
    Column column;
    std::vector<BadValue> bad;
};

std::vector<ColumnTask> plan_columns(const std::vector<std::string>& names, const CsvOptions& options,
                                     const std::string& path) {
    auto index_of = [&](const std::string& name, const char* what) {
        auto it = std::find(names.begin(), names.end(), name);
        if (it == names.end())
            throw Error(std::string(what) + ": no column '" + name + "' in " + path + " (columns: " + join_names(names) + ")");
        return static_cast<int64_t>(it - names.begin());
    };
    for (const auto& [name, type_name] : options.types) {
        index_of(name, "types");
        CsvType type;
        if (!csv_type_from_name(type_name, type))
            throw Error("types: column '" + name + "' has unknown type '" + type_name +
                        "' (expected int64, float64, string or datetime)");
    }
    const std::vector<std::string>& wanted = options.columns.empty() ? names : options.columns;
    std::vector<ColumnTask> tasks;
    for (const auto& name : wanted) {
        ColumnTask task;
        task.index = index_of(name, "columns");
        task.name = name;
        for (const auto& t : tasks)
            if (t.name == name) throw Error("columns: '" + name + "' is listed twice");
        auto declared = options.types.find(name);
        if (declared != options.types.end()) {
            task.declared = true;
            csv_type_from_name(declared->second, task.type);
        }
        tasks.push_back(std::move(task));
    }
    return tasks;
}

// Converts every task's column, spreading the columns over up to `threads` threads.
void convert_columns(std::vector<ColumnTask>& tasks, const CsvRowsView& view, bool stop_at_first, int threads) {
    std::atomic<size_t> next{0};
    std::vector<std::exception_ptr> errors(tasks.size());
    auto work = [&]() {
        for (size_t i = next++; i < tasks.size(); i = next++) {
            try {
                ColumnTask& t = tasks[i];
                if (t.declared) t.column = convert_declared_column(view, t.index, t.name, t.type, stop_at_first, t.bad);
                else t.column = infer_column(view, t.index, t.name, t.type);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        }
    };
    const int workers = std::max(1, std::min<int>(threads, static_cast<int>(tasks.size())));
    std::vector<std::thread> pool;
    for (int w = 1; w < workers; ++w) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
}

// Sends all problems (broken rows and bad values) to the log in line order; returns the positions in `rows`
// to keep, or nothing when every row is good.
std::vector<int64_t> rows_to_keep(const std::vector<ColumnTask>& tasks, const CsvScan& scan,
                                  const std::vector<int64_t>& rows, std::vector<BadValue> problems, BadRowLog& log,
                                  bool& any_bad) {
    for (const auto& t : tasks) problems.insert(problems.end(), t.bad.begin(), t.bad.end());
    std::stable_sort(problems.begin(), problems.end(), [](const BadValue& a, const BadValue& b) { return a.row < b.row; });
    int64_t last_row = -1;
    for (const auto& p : problems) {
        if (p.row != last_row) log.add(scan.row_lines[p.row], p.problem);  // one count per row
        last_row = p.row;
    }
    any_bad = !problems.empty();
    std::vector<int64_t> keep;
    if (!any_bad) return keep;
    size_t b = 0;
    for (size_t pos = 0; pos < rows.size(); ++pos) {
        bool row_bad = false;
        while (b < problems.size() && problems[b].row <= rows[pos]) row_bad = row_bad || problems[b++].row == rows[pos];
        if (!row_bad) keep.push_back(static_cast<int64_t>(pos));
    }
    return keep;
}

}  // namespace

Table read_csv(const std::string& path, const CsvOptions& options, Context& ctx) {
    MappedFile file(path);
    ctx.progress(0.0, "scanning " + path);
    const CsvScan scan = scan_csv(file.bytes(), options.dialect);
    if (scan.rows() == 0)
        throw Error("'" + path + "' is empty" + (options.header ? " (expected a header line)" : ""));
    const std::vector<std::string> names = column_names(scan, path, options);
    BadRowLog log(options.bad_rows, path);
    std::vector<BadValue> broken;
    const std::vector<int64_t> rows = well_formed_rows(scan, options.header ? 1 : 0, names, broken);
    if (!broken.empty() && options.bad_rows == BadRowPolicy::Fail) log.add(scan.row_lines[broken[0].row], broken[0].problem);
    std::vector<ColumnTask> tasks = plan_columns(names, options, path);

    ctx.progress(0.4, "converting " + std::to_string(tasks.size()) + " columns");
    convert_columns(tasks, CsvRowsView{scan, rows, options.dialect.quote}, options.bad_rows == BadRowPolicy::Fail,
                    ctx.threads());
    bool any_bad = false;
    const std::vector<int64_t> keep = rows_to_keep(tasks, scan, rows, std::move(broken), log, any_bad);

    Table table;
    Json types = Json::object();
    for (auto& t : tasks) {
        types[t.name] = csv_type_name(t.type);
        table.add(std::move(t.column));
    }
    if (any_bad) table = table.take(keep);
    ctx.note("types", types);
    log.report(ctx);
    ctx.progress(1.0, std::to_string(table.rows()) + " rows");
    return table;
}

}  // namespace persona::sources
