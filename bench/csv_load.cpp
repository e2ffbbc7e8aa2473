// bench_csv_load: loads online_retail.csv through source.csv and through a plain getline + stringstream parser,
// three times each, checks both give the same typed columns, and prints min/median seconds, rows/s and the ratio.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "persona/calendar.h"
#include "persona/kernel/invoke.h"
#include "persona/kernel/registry.h"

using persona::Json;
using persona::Table;

namespace {

// A plain string column: dictionary codes plus texts.
struct PlainStrings {
    std::unordered_map<std::string, int64_t> index;
    std::vector<std::string> dict;
    std::vector<int64_t> codes;
    void push(const std::string& s) {
        if (s.empty()) { codes.push_back(-1); return; }
        auto it = index.find(s);
        if (it == index.end()) {
            it = index.emplace(s, static_cast<int64_t>(dict.size())).first;
            dict.push_back(s);
        }
        codes.push_back(it->second);
    }
};

// The typed columns of online_retail.csv, as the plain parser builds them.
struct PlainRetail {
    PlainStrings invoice, stock, description, country;
    std::vector<int64_t> quantity, date, customer;
    std::vector<double> price;
};

// Splits a line the straightforward way: getline on ',' and re-joins pieces of a quoted field.
void split_line(const std::string& line, std::vector<std::string>& fields) {
    fields.clear();
    std::stringstream ss(line);
    std::string piece;
    while (std::getline(ss, piece, ',')) {
        if (!piece.empty() && piece.front() == '"') {
            std::string field = piece;
            while ((field.size() < 2 || field.back() != '"') && std::getline(ss, piece, ',')) field += "," + piece;
            field = field.substr(1, field.size() - 2);
            std::string unescaped;
            for (size_t i = 0; i < field.size(); ++i) {
                unescaped += field[i];
                if (field[i] == '"' && i + 1 < field.size() && field[i + 1] == '"') ++i;
            }
            fields.push_back(unescaped);
        } else {
            fields.push_back(piece);
        }
    }
    if (!line.empty() && line.back() == ',') fields.push_back("");
}

PlainRetail load_plain(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    PlainRetail out;
    std::string line;
    std::vector<std::string> f;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        split_line(line, f);
        if (f.size() != 8) throw std::runtime_error("bad line: " + line);
        out.invoice.push(f[0]);
        out.stock.push(f[1]);
        out.description.push(f[2]);
        out.quantity.push_back(f[3].empty() ? persona::kNullInt : std::stoll(f[3]));
        int y, mo, d, h, mi, s = 0;
        if (std::sscanf(f[4].c_str(), "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s) < 5)
            throw std::runtime_error("bad date: " + f[4]);
        out.date.push_back(persona::days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s);
        out.price.push_back(f[5].empty() ? NAN : std::stod(f[5]));
        out.customer.push_back(f[6].empty() ? persona::kNullInt : static_cast<int64_t>(std::stod(f[6])));
        out.country.push(f[7]);
    }
    return out;
}

persona::ArtifactPtr load_persona(const persona::kernel::PluginRegistry& registry, const std::string& path, int threads) {
    persona::kernel::InvokeOptions options;
    options.threads = threads;
    auto out = persona::kernel::invoke(registry, "source.csv", {},
                                       Json{{"path", path}, {"types", {{"CustomerID", "int64"}}}}, options);
    return out.at("table");
}

bool same_strings(const persona::Column& c, const PlainStrings& p) {
    if (c.size() != static_cast<int64_t>(p.codes.size())) return false;
    for (int64_t r = 0; r < c.size(); ++r) {
        const bool null = p.codes[r] < 0;
        if (c.is_null(r) != null || (!null && c.text(r) != p.dict[p.codes[r]])) return false;
    }
    return true;
}

bool same_floats(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
    return true;
}

bool same_result(const Table& t, const PlainRetail& p) {
    return same_strings(t.column("InvoiceNo"), p.invoice) && same_strings(t.column("StockCode"), p.stock) &&
           same_strings(t.column("Description"), p.description) && same_strings(t.column("Country"), p.country) &&
           t.column("Quantity").ints == p.quantity && t.column("InvoiceDate").ints == p.date &&
           t.column("CustomerID").ints == p.customer && same_floats(t.column("UnitPrice").floats, p.price);
}

// Seconds of each of `runs` calls of fn.
template <class Fn> std::vector<double> time_runs(int runs, Fn fn) {
    std::vector<double> seconds;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        fn();
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(seconds.begin(), seconds.end());
    return seconds;
}

void print_row(const char* name, const std::vector<double>& s, int64_t rows) {
    const double median = s[s.size() / 2];
    std::printf("%-28s %10.4f %10.4f %14.0f\n", name, s.front(), median, rows / median);
}

}  // namespace

int main(int argc, char** argv) {
    std::string path = argc > 1 ? argv[1] : std::string(PERSONA_SOURCE_DIR) + "/../shared/data/online-retail/online_retail.csv";
    if (!std::ifstream(path)) {
        std::cerr << "bench_csv_load: " << path << " not found (pass the path of online_retail.csv)\n";
        return 1;
    }
    persona::kernel::PluginRegistry registry;
    registry.load(persona::kernel::build_plugin_dir() + "/persona_sources.so");

    const int runs = 3;
    persona::ArtifactPtr loaded;
    PlainRetail plain;
    const auto fast_all = time_runs(runs, [&] { loaded = load_persona(registry, path, 0); });
    const auto fast_one = time_runs(runs, [&] { loaded = load_persona(registry, path, 1); });
    const auto slow = time_runs(runs, [&] { plain = load_plain(path); });
    const Table& table = loaded->table();
    const int64_t rows = table.rows();

    std::printf("file: %s (%lld rows)\n\n", path.c_str(), static_cast<long long>(rows));
    std::printf("%-28s %10s %10s %14s\n", "method", "min s", "median s", "rows/s");
    print_row("source.csv (all cores)", fast_all, rows);
    print_row("source.csv (1 thread)", fast_one, rows);
    print_row("getline + stringstream", slow, rows);
    std::printf("\nspeed-up (median): %.1fx all cores, %.1fx one thread\n", slow[runs / 2] / fast_all[runs / 2],
                slow[runs / 2] / fast_one[runs / 2]);
    const bool same = same_result(table, plain);
    std::printf("same typed columns: %s\n", same ? "yes" : "NO");
    return same ? 0 : 2;
}
