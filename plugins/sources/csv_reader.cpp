#include "csv_reader.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <memory>
#include <exception>
#include <thread>

#include "csv_columns.h"
#include "mapped_file.h"
#include "prefault.h"
#include "string_dictionary.h"
#include "value_parse.h"
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

// ---- Fast path: one pass per chunk that parses fields straight into typed per-column output. ----
// Handles well-formed files only; anything unusual (broken quoting, wrong field counts, bad declared values,
// quoted newlines across chunk boundaries) makes it give up, and the general scan-then-convert path runs.
namespace fast {

constexpr uint64_t kOnes8 = 0x0101010101010101ull;
constexpr uint64_t kLow7s = 0x7F7F7F7F7F7F7F7Full;

inline uint64_t equal_bytes(uint64_t w, unsigned char byte) {
    const uint64_t x = w ^ (kOnes8 * byte);
    return ~(((x & kLow7s) + kLow7s) | x) & ~kLow7s;
}

struct Dialect {
    const char* end;
    char delimiter;
    char quote;
    bool quoting;
};

// One field at p (p < end). Returns the stop (delimiter, newline or end) or nullptr when the quoting is broken.
inline const char* next_field(const char* p, const Dialect& d, std::string_view& text, bool& escaped, bool& more) {
    const char* end = d.end;
    if (d.quoting && *p == d.quote) {
        const char* q = p + 1;
        const char* close;
        escaped = false;
        for (;;) {
            close = static_cast<const char*>(std::memchr(q, d.quote, static_cast<size_t>(end - q)));
            if (!close) return nullptr;
            if (close + 1 < end && close[1] == d.quote) {
                escaped = true;
                q = close + 2;
                continue;
            }
            break;
        }
        text = std::string_view(p + 1, static_cast<size_t>(close - p - 1));
        const char* after = close + 1;
        if (after == end || *after == '\n') { more = false; return after; }
        if (*after == d.delimiter) { more = true; return after; }
        if (*after == '\r' && (after + 1 == end || after[1] == '\n')) { more = false; return after + 1; }
        return nullptr;
    }
    const char* c = p;
    const unsigned char delim = static_cast<unsigned char>(d.delimiter);
    for (; end - c >= 8; c += 8) {
        uint64_t w;
        std::memcpy(&w, c, 8);
        const uint64_t hits = equal_bytes(w, delim) | equal_bytes(w, '\n');
        if (hits) {
            c += __builtin_ctzll(hits) / 8;
            goto found;
        }
    }
    while (c < end && *c != d.delimiter && *c != '\n') ++c;
found:
    const char* raw_end = c;
    if (c > p && c[-1] == '\r' && (c == end || *c == '\n')) --raw_end;
    text = std::string_view(p, static_cast<size_t>(raw_end - p));
    escaped = false;
    more = c < end && *c == d.delimiter;
    return c;
}

// Parses the rows that begin in [p, limit), calling on_field(k, text, escaped, row_start) for each field.
// Returns where parsing stopped (after the last row), or nullptr on broken quoting, a wrong field count or
// when on_field returns false.
template <class OnField>
const char* parse_rows(const char* p, const char* limit, const Dialect& d, int64_t ncols, int64_t& rows,
                       OnField&& on_field) {
    const char* end = d.end;
    while (p < limit) {
        if (*p == '\n') { ++p; continue; }
        if (*p == '\r' && (p + 1 == end || p[1] == '\n')) { p = std::min(p + 2, end); continue; }
        const char* row_start = p;
        int64_t k = 0;
        for (;;) {
            std::string_view text;
            bool escaped, more;
            const char* stop = next_field(p, d, text, escaped, more);
            if (!stop || k >= ncols) return nullptr;
            if (!on_field(k, text, escaped, row_start)) return nullptr;
            ++k;
            if (more) {
                p = stop + 1;
                if (p == end) {
                    if (k >= ncols || !on_field(k, std::string_view(), false, row_start)) return nullptr;
                    ++k;
                    break;
                }
                continue;
            }
            p = stop < end ? stop + 1 : end;
            break;
        }
        if (k != ncols) return nullptr;
        ++rows;
    }
    return p;
}

enum class Mode { Str, DeclInt, DeclFloat, DeclDt, InfInt, InfFloat, InfDt };

struct StringOut {
    StringDictionary dict;
    std::vector<int64_t> codes;
    std::string_view previous;
    int64_t previous_code = kNullCode;
    std::string scratch;
    void add(std::string_view text, bool escaped, char quote) {
        if (text.empty()) { codes.push_back(kNullCode); return; }
        if (!escaped && previous_code != kNullCode && text == previous) { codes.push_back(previous_code); return; }
        int64_t code;
        if (escaped) {
            code = dict.code(unescape_field(FieldView{text, true}, quote, scratch), false);
            previous_code = kNullCode;
        } else {
            code = dict.code(text, true);
            previous = text;
            previous_code = code;
        }
        codes.push_back(code);
    }
};

struct ColOut {
    Mode mode = Mode::InfInt;
    bool any_value = false;  // InfInt: a non-empty value was seen
    std::vector<int64_t> ints;
    std::vector<double> floats;
    std::unique_ptr<StringOut> str;
};

struct Chunk {
    const char* begin = nullptr;
    const char* limit = nullptr;
    const char* stopped = nullptr;
    int64_t rows = 0;
    size_t estimate = 0;
    bool failed = false;
    std::vector<ColOut> cols;
};

// Parses column `k` of the rows in [begin, until) as strings into `out`.
inline bool strings_of(const char* begin, const char* until, const Dialect& d, int64_t ncols, int64_t k,
                       StringOut& out) {
    int64_t rows = 0;
    return parse_rows(begin, until, d, ncols, rows,
                      [&](int64_t f, std::string_view text, bool escaped, const char*) {
                          if (f == k) out.add(text, escaped, d.quote);
                          return true;
                      }) != nullptr;
}

inline void run_chunk(Chunk& ch, const Dialect& d, int64_t ncols, const std::vector<int>& col_of) {
    for (auto& c : ch.cols) {
        if (c.mode == Mode::Str) {
            c.str = std::make_unique<StringOut>();
            reserve_prefaulted(c.str->codes, ch.estimate);
        } else if (c.mode == Mode::DeclFloat) {
            reserve_prefaulted(c.floats, ch.estimate);
        } else {
            reserve_prefaulted(c.ints, ch.estimate);
        }
    }
    bool ok = true;
    auto on_field = [&](int64_t k, std::string_view raw, bool escaped, const char* row_start) -> bool {
        const int ci = col_of[static_cast<size_t>(k)];
        if (ci < 0) return true;
        ColOut& c = ch.cols[static_cast<size_t>(ci)];
        if (c.mode == Mode::Str) {
            c.str->add(raw, escaped, d.quote);
            return true;
        }
        const std::string_view t = trim_blanks(raw);
        switch (c.mode) {
            case Mode::DeclInt: {
                int64_t v = kNullInt;
                if (!t.empty() && !parse_int64_lenient(t, v)) return false;
                c.ints.push_back(v);
                return true;
            }
            case Mode::DeclDt: {
                int64_t v = kNullInt;
                if (!t.empty() && !parse_datetime(t, DateFormats::Any, v)) return false;
                c.ints.push_back(v);
                return true;
            }
            case Mode::DeclFloat: {
                double v = std::nan("");
                if (!t.empty() && !parse_float64(t, v)) return false;
                c.floats.push_back(v);
                return true;
            }
            case Mode::InfInt: {
                int64_t v = kNullInt;
                if (t.empty() || parse_int64(t, v)) {
                    c.any_value |= !t.empty();
                    c.ints.push_back(v);
                    return true;
                }
                double f;
                if (parse_float64(t, f)) {
                    reserve_prefaulted(c.floats, ch.estimate);
                    for (int64_t x : c.ints) c.floats.push_back(x == kNullInt ? std::nan("") : static_cast<double>(x));
                    std::vector<int64_t>().swap(c.ints);
                    c.floats.push_back(f);
                    c.mode = Mode::InfFloat;
                    return true;
                }
                if (!c.any_value && parse_datetime(t, DateFormats::IsoOnly, v)) {
                    c.ints.push_back(v);
                    c.mode = Mode::InfDt;
                    return true;
                }
                break;
            }
            case Mode::InfFloat: {
                double f = std::nan("");
                if (parse_float64(t, f)) { c.floats.push_back(f); return true; }
                if (t.empty()) { c.floats.push_back(f); return true; }
                break;
            }
            case Mode::InfDt: {
                int64_t v = kNullInt;
                if (t.empty() || parse_datetime(t, DateFormats::IsoOnly, v)) { c.ints.push_back(v); return true; }
                break;
            }
            case Mode::Str: break;
        }
        // Demote to string: re-read this column of the earlier rows of the chunk, then go on as text.
        std::vector<int64_t>().swap(c.ints);
        std::vector<double>().swap(c.floats);
        c.mode = Mode::Str;
        c.str = std::make_unique<StringOut>();
        reserve_prefaulted(c.str->codes, ch.estimate);
        if (!strings_of(ch.begin, row_start, d, ncols, k, *c.str)) { ok = false; return false; }
        c.str->add(raw, escaped, d.quote);
        return true;
    };
    ch.stopped = parse_rows(ch.begin, ch.limit, d, ncols, ch.rows, on_field);
    ch.failed = !ok || ch.stopped == nullptr;
}

}  // namespace fast

// The fast path; false (with nothing noted) when the file needs the general path.
bool read_csv_fast(std::string_view data, const std::string& path, const CsvOptions& options, Context& ctx,
                   Table& table) {
    const CsvDialect& dialect = options.dialect;
    const fast::Dialect d{data.data() + data.size(), dialect.delimiter, dialect.quote, dialect.quoting};
    const char* base = data.data();
    const char* end = d.end;
    const char* p = base;
    if (end - p >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    while (p < end && (*p == '\n' || (*p == '\r' && (p + 1 == end || p[1] == '\n')))) p += *p == '\n' ? 1 : 2;
    if (p >= end) return false;
    // The first row: the header (or, without one, the first data row, which fixes the column count).
    const char* first_row = p;
    int64_t header_fields = 0;
    {
        const char* q = p;
        for (;;) {
            std::string_view text;
            bool escaped, more;
            const char* stop = fast::next_field(q, d, text, escaped, more);
            if (!stop) return false;
            ++header_fields;
            if (more) {
                q = stop + 1;
                if (q == end) { ++header_fields; p = end; break; }
                continue;
            }
            p = stop < end ? stop + 1 : end;
            break;
        }
    }
    const std::string_view header_bytes(base, static_cast<size_t>(p - base));
    const CsvScan header_scan = scan_csv(header_bytes, dialect);
    if (header_scan.rows() != 1 || !header_scan.malformed.empty() || header_scan.fields_in_row(0) != header_fields)
        return false;
    const std::vector<std::string> names = column_names(header_scan, path, options);
    std::vector<ColumnTask> tasks = plan_columns(names, options, path);
    const char* data_begin = options.header ? p : first_row;
    if (data_begin >= end) return false;
    const int64_t ncols = static_cast<int64_t>(names.size());
    std::vector<int> col_of(names.size(), -1);
    for (size_t i = 0; i < tasks.size(); ++i) col_of[static_cast<size_t>(tasks[i].index)] = static_cast<int>(i);

    // Rows per byte from a sample, for exact-enough reservations.
    const size_t sample = std::min<size_t>(static_cast<size_t>(end - data_begin), size_t(1) << 20);
    const double newlines = static_cast<double>(std::count(data_begin, data_begin + sample, '\n')) + 1.0;
    const double rows_per_byte = newlines / static_cast<double>(sample);

    const size_t bytes = static_cast<size_t>(end - data_begin);
    int chunks = std::max(1, std::min<int>(ctx.threads(), static_cast<int>(bytes >> 20)));
    std::vector<fast::Chunk> parts(static_cast<size_t>(chunks));
    const char* start = data_begin;
    for (int i = 0; i < chunks; ++i) {
        const char* limit = end;
        if (i + 1 < chunks) {
            const char* guess = data_begin + bytes * static_cast<size_t>(i + 1) / static_cast<size_t>(chunks);
            guess = std::max(guess, start);
            const char* nl = static_cast<const char*>(std::memchr(guess, '\n', static_cast<size_t>(end - guess)));
            limit = nl ? nl + 1 : end;
        }
        auto& ch = parts[static_cast<size_t>(i)];
        ch.begin = start;
        ch.limit = limit;
        // The first chunk's vectors become the table's: room for every row.
        const double span = i == 0 ? static_cast<double>(bytes) : static_cast<double>(limit - start);
        ch.estimate = static_cast<size_t>(span * rows_per_byte * 1.03) + 64;
        ch.cols.resize(tasks.size());
        for (size_t t = 0; t < tasks.size(); ++t) {
            fast::Mode m = fast::Mode::InfInt;
            if (tasks[t].declared) {
                switch (tasks[t].type) {
                    case CsvType::String: m = fast::Mode::Str; break;
                    case CsvType::Int64: m = fast::Mode::DeclInt; break;
                    case CsvType::Float64: m = fast::Mode::DeclFloat; break;
                    case CsvType::Datetime: m = fast::Mode::DeclDt; break;
                }
            }
            ch.cols[t].mode = m;
        }
        start = limit;
    }
    ctx.progress(0.1, "parsing " + path);
    {
        std::vector<std::thread> pool;
        for (size_t i = 1; i < parts.size(); ++i)
            pool.emplace_back([&, i] { fast::run_chunk(parts[i], d, ncols, col_of); });
        fast::run_chunk(parts[0], d, ncols, col_of);
        for (auto& t : pool) t.join();
    }
    for (size_t i = 0; i < parts.size(); ++i) {
        if (parts[i].failed) return false;
        const char* want = i + 1 < parts.size() ? parts[i + 1].begin : end;
        if (parts[i].stopped != want && !(i + 1 == parts.size() && parts[i].stopped >= end)) return false;
    }

    // Merge the chunks column by column.
    Json types = Json::object();
    std::vector<Column> columns(tasks.size());
    for (size_t t = 0; t < tasks.size(); ++t) {
        using fast::Mode;
        bool any_str = false, any_int = false, any_float = false, any_dt = false;
        for (auto& ch : parts) {
            const auto& c = ch.cols[t];
            switch (c.mode) {
                case Mode::Str: any_str = true; break;
                case Mode::InfInt: any_int |= c.any_value; break;
                case Mode::InfFloat: any_float = true; break;
                case Mode::InfDt: any_dt = true; break;
                default: break;
            }
        }
        CsvType type = tasks[t].type;
        if (!tasks[t].declared) {
            if (any_str || (any_dt && (any_int || any_float))) type = CsvType::String;
            else if (any_dt) type = CsvType::Datetime;
            else if (any_float) type = CsvType::Float64;
            else type = CsvType::Int64;
        }
        Column col;
        col.name = tasks[t].name;
        if (type == CsvType::String) {
            for (auto& ch : parts) {
                auto& c = ch.cols[t];
                if (c.mode == Mode::Str) continue;
                std::vector<int64_t>().swap(c.ints);
                std::vector<double>().swap(c.floats);
                c.str = std::make_unique<fast::StringOut>();
                reserve_prefaulted(c.str->codes, ch.estimate);
                if (!fast::strings_of(ch.begin, ch.stopped, d, ncols, tasks[t].index, *c.str)) return false;
                c.mode = Mode::Str;
            }
            fast::StringOut& first = *parts[0].cols[t].str;
            for (size_t i = 1; i < parts.size(); ++i) {
                fast::StringOut& other = *parts[i].cols[t].str;
                std::vector<int64_t> remap(other.dict.size());
                for (size_t k = 0; k < remap.size(); ++k)
                    remap[k] = first.dict.code(other.dict.key(static_cast<int64_t>(k)), false);
                for (int64_t code : other.codes) first.codes.push_back(code == kNullCode ? kNullCode : remap[static_cast<size_t>(code)]);
            }
            col.type = ColumnType::String;
            col.ints = std::move(first.codes);
            col.dict = first.dict.take_texts();
        } else if (type == CsvType::Float64) {
            for (auto& ch : parts) {
                auto& c = ch.cols[t];
                if (c.mode != Mode::InfInt) continue;
                c.floats.reserve(c.ints.size());
                for (int64_t x : c.ints) c.floats.push_back(x == kNullInt ? std::nan("") : static_cast<double>(x));
                c.mode = Mode::InfFloat;
            }
            std::vector<double>& out = parts[0].cols[t].floats;
            for (size_t i = 1; i < parts.size(); ++i) {
                const auto& f = parts[i].cols[t].floats;
                out.insert(out.end(), f.begin(), f.end());
            }
            col.type = ColumnType::Float64;
            col.floats = std::move(out);
        } else {
            std::vector<int64_t>& out = parts[0].cols[t].ints;
            for (size_t i = 1; i < parts.size(); ++i) {
                const auto& v = parts[i].cols[t].ints;
                out.insert(out.end(), v.begin(), v.end());
            }
            col.type = ColumnType::Int64;
            col.ints = std::move(out);
        }
        types[tasks[t].name] = csv_type_name(type);
        columns[t] = std::move(col);
    }
    for (auto& c : columns) table.add(std::move(c));
    ctx.note("types", types);
    BadRowLog log(options.bad_rows, path);
    log.report(ctx);
    ctx.progress(1.0, std::to_string(table.rows()) + " rows");
    return true;
}

// The bytes of a whitespace-separated file rewritten as tab-separated: per line, leading and trailing spaces
// and tabs (and a CR before the LF) are dropped and each run of spaces/tabs becomes one tab. Lines (and so
// line numbers) are kept; a UTF-8 BOM is dropped.
std::string whitespace_to_tabs(std::string_view data) {
    if (data.size() >= 3 && data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);
    std::string out;
    out.reserve(data.size());
    size_t pos = 0;
    while (pos < data.size()) {
        size_t nl = data.find('\n', pos);
        const bool last = nl == std::string_view::npos;
        if (last) nl = data.size();
        std::string_view line = data.substr(pos, nl - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        line = trim_blanks(line);
        bool in_gap = false;
        for (char c : line) {
            const bool blank = c == ' ' || c == '\t';
            if (blank && !in_gap) out.push_back('\t');
            if (!blank) out.push_back(c);
            in_gap = blank;
        }
        if (!last) out.push_back('\n');
        pos = nl + 1;
    }
    return out;
}

// read_csv on bytes already in memory (`path` names them in messages).
Table read_csv_bytes(std::string_view bytes, const std::string& path, const CsvOptions& options, Context& ctx) {
    {
        Table table;
        bool done = false;
        try {
            done = read_csv_fast(bytes, path, options, ctx, table);
        } catch (...) {
            done = false;  // the general path below reports the problem the way it always has
        }
        if (done) return table;
    }
    ctx.progress(0.0, "scanning " + path);
    const CsvScan scan = scan_csv(bytes, options.dialect);
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

}  // namespace

Table read_csv(const std::string& path, const CsvOptions& options, Context& ctx) {
    MappedFile file(path);
    if (!options.whitespace) return read_csv_bytes(file.bytes(), path, options, ctx);
    CsvOptions tabbed = options;
    tabbed.dialect.delimiter = '\t';
    tabbed.dialect.quoting = false;
    return read_csv_bytes(whitespace_to_tabs(file.bytes()), path, tabbed, ctx);
}

}  // namespace persona::sources
