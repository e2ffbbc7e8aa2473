// `persona cache ls|verify|gc` and `persona export`.
#include <fstream>
#include <iostream>

#include "commands.h"
#include "table_output.h"
#include "text_table.h"

namespace persona::cli {

namespace {

Json metrics_json(const Metrics& m) {
    Json out = Json::object();
    for (const auto& row : m.rows)
        for (const auto& [name, value] : row.values)
            out[row.label][name] = std::holds_alternative<double>(value) ? Json(std::get<double>(value)) : Json(std::get<std::string>(value));
    return out;
}

std::string metrics_csv(const Metrics& m) {
    std::vector<std::string> names;
    for (const auto& row : m.rows)
        for (const auto& [name, _] : row.values)
            if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    std::string out = "row";
    for (const auto& n : names) out += "," + csv_cell(n);
    out += "\n";
    for (const auto& row : m.rows) {
        out += csv_cell(row.label);
        for (const auto& n : names) {
            out += ",";
            for (const auto& [name, value] : row.values)
                if (name == n)
                    out += std::holds_alternative<double>(value) ? Json(std::get<double>(value)).dump() : csv_cell(std::get<std::string>(value));
        }
        out += "\n";
    }
    return out;
}
}  // namespace

int cache_ls_command(const Common& common) {
    kernel::Store store(store_path(common));
    auto entries = store.cache_list();
    if (common.json) {
        Json out = Json::array();
        for (const auto& e : entries)
            out.push_back({{"key", e.key}, {"step", e.step}, {"operator", e.op}, {"bytes", e.bytes}, {"created", e.created}, {"last_used", e.last_used}});
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    TextTable table({"key", "step", "operator", "size", "last used"});
    int64_t total = 0;
    for (const auto& e : entries) {
        table.add({e.key.substr(0, 12), e.step, e.op, format_bytes(e.bytes), format_time(e.last_used)});
        total += e.bytes;
    }
    std::cout << (table.empty() ? "cache is empty\n" : table.str());
    std::cout << entries.size() << " entries, " << format_bytes(total) << " of artifacts; store file " << format_bytes(store.size_bytes()) << "\n";
    return 0;
}

int cache_verify_command(const Common& common) {
    kernel::Store store(store_path(common));
    kernel::VerifyReport report = store.verify();
    if (common.json) {
        std::cout << Json{{"ok", report.problems.empty()}, {"artifacts", report.artifacts_checked},
                          {"cache_entries", report.cache_entries_checked}, {"problems", report.problems}}.dump(2) << "\n";
    } else {
        for (const auto& p : report.problems) std::cout << "problem: " << p << "\n";
        std::cout << (report.problems.empty() ? "ok: " : "FAILED: ") << report.artifacts_checked << " artifacts and "
                  << report.cache_entries_checked << " cache entries checked, " << report.problems.size() << " problems\n";
    }
    return report.problems.empty() ? 0 : 1;
}

int cache_gc_command(const Common& common, const std::string& max_size) {
    int64_t limit = parse_size(max_size);
    kernel::Store store(store_path(common));
    int64_t before = store.size_bytes();
    int64_t removed = store.gc(limit);
    int64_t after = store.size_bytes();
    if (common.json)
        std::cout << Json{{"removed_entries", removed}, {"bytes_before", before}, {"bytes_after", after}}.dump(2) << "\n";
    else
        std::cout << "removed " << removed << " cache entries; store " << format_bytes(before) << " -> " << format_bytes(after) << "\n";
    return 0;
}

int export_command(const Common& common, const std::string& run, const std::string& what, const std::string& format,
                   const std::string& output) {
    kernel::Store store(store_path(common));
    int64_t id = resolve_run_id(store, run);
    Json r = *store.run(id);
    std::string step = what, port;
    if (auto dot = what.find('.'); dot != std::string::npos) {
        step = what.substr(0, dot);
        port = what.substr(dot + 1);
    }
    const Json* rec = nullptr;
    for (const auto& s : r["steps"])
        if (s["id"] == step) rec = &s;
    if (!rec) throw Error("run " + std::to_string(id) + " has no step '" + step + "'");
    const Json& outs = (*rec)["outputs"];
    if (outs.empty()) throw Error("step '" + step + "' of run " + std::to_string(id) + " produced no outputs (status " + (*rec)["status"].get<std::string>() + ")");
    if (port.empty()) port = outs.begin().key();
    if (!outs.contains(port)) {
        std::string names;
        for (const auto& [p, _] : outs.items()) names += (names.empty() ? "" : ", ") + p;
        throw Error("step '" + step + "' has no output '" + port + "' (outputs: " + names + ")");
    }
    ArtifactPtr a = store.get_artifact(outs[port].get<std::string>());
    std::string text;
    switch (a->kind()) {
        case Kind::Table: text = format == "csv" ? table_csv(a->table()) : table_json(a->table()).dump(2) + "\n"; break;
        case Kind::Metrics: text = format == "csv" ? metrics_csv(a->metrics()) : metrics_json(a->metrics()).dump(2) + "\n"; break;
        case Kind::Model:
            text = Json{{"format", a->model().format}, {"metadata", a->model().metadata}, {"bytes", a->model().bytes.size()}}.dump(2) + "\n";
            break;
        case Kind::Tensors: {
            Json t = Json::array();
            for (const auto& x : a->tensors().tensors) t.push_back({{"name", x.name}, {"shape", x.shape}, {"bytes", x.data.size()}});
            text = t.dump(2) + "\n";
            break;
        }
        case Kind::Files: {
            if (output.empty()) throw Error("exporting files needs --output FOLDER");
            for (const auto& f : a->files().files) {
                std::filesystem::path path = std::filesystem::path(output) / f.name;
                std::filesystem::create_directories(path.parent_path());
                std::ofstream out(path, std::ios::binary);
                out << f.bytes;
                std::cout << path.string() << "\n";
            }
            return 0;
        }
    }
    if (output.empty()) {
        std::cout << text;
    } else {
        std::ofstream out(output, std::ios::binary);
        if (!out) throw Error("cannot write " + output);
        out << text;
    }
    return 0;
}

}  // namespace persona::cli
