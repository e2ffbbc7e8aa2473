// `persona runs list|show|diff`.
#include <signal.h>
#include <unistd.h>

#include <iostream>
#include <set>
#include <sstream>

#include "commands.h"
#include "text_table.h"

namespace persona::cli {

namespace {
// A run still marked running whose process is gone on this host was killed.
std::string effective_status(const Json& r) {
    std::string status = r.value("status", std::string("?"));
    if (status != "running") return status;
    char host[256] = {0};
    gethostname(host, sizeof host - 1);
    int64_t pid = r.value("pid", int64_t{0});
    if (r.value("host", std::string()) == host && pid > 0 && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
        return "interrupted";
    return status;
}

Json with_status(Json r) {
    r["status"] = effective_status(r);
    return r;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::stringstream s(text);
    std::string line;
    while (std::getline(s, line)) lines.push_back(line);
    return lines;
}

const Json* find_step(const Json& r, const std::string& id) {
    for (const auto& s : r["steps"])
        if (s["id"] == id) return &s;
    return nullptr;
}
}  // namespace

int64_t resolve_run_id(kernel::Store& store, const std::string& run) {
    int64_t latest = store.latest_run_id();
    if (latest == 0) throw Error("the store " + store.path().string() + " has no runs yet");
    if (run == "last" || run == "latest") return latest;
    try {
        size_t pos = 0;
        int64_t n = std::stoll(run, &pos);
        if (pos == run.size()) {
            int64_t id = n < 0 ? latest + 1 + n : n;
            if (store.run(id)) return id;
        }
    } catch (const std::exception&) {
    }
    throw Error("no run '" + run + "' in " + store.path().string() + " (runs are numbered 1.." + std::to_string(latest) +
                "; `last` is the newest)");
}

int runs_list_command(const Common& common, int limit) {
    kernel::Store store(store_path(common));
    std::vector<Json> runs = store.runs(limit);
    if (common.json) {
        Json out = Json::array();
        for (const auto& r : runs) {
            int ran = 0, cached = 0;
            for (const auto& s : r["steps"]) (s.value("cached", false) ? cached : ran)++;
            out.push_back({{"id", r["id"]}, {"status", effective_status(r)}, {"pipeline", r["pipeline"]}, {"seed", r["seed"]},
                           {"device", r["device"]}, {"started", r["started"]}, {"seconds", r.value("seconds", 0.0)},
                           {"steps_ran", ran}, {"steps_cached", cached}});
        }
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    TextTable table({"id", "pipeline", "status", "started", "seconds", "ran", "cached"});
    for (const auto& r : runs) {
        int ran = 0, cached = 0;
        for (const auto& s : r["steps"]) (s.value("cached", false) ? cached : ran)++;
        table.add({std::to_string(r["id"].get<int64_t>()), r.value("pipeline", std::string()), effective_status(r),
                   format_time(r.value("started", 0.0)), format_number(r.value("seconds", 0.0)), std::to_string(ran),
                   std::to_string(cached)});
    }
    std::cout << (table.empty() ? "no runs yet\n" : table.str());
    return 0;
}

int runs_show_command(const Common& common, const std::string& run) {
    kernel::Store store(store_path(common));
    Json r = with_status(*store.run(resolve_run_id(store, run)));
    if (common.json) {
        std::cout << r.dump(2) << "\n";
        return 0;
    }
    std::cout << "run " << r["id"] << "  " << r.value("pipeline", std::string()) << "  " << r["status"].get<std::string>()
              << "\n";
    std::cout << "file:    " << r.value("file", std::string()) << "\n";
    std::cout << "started: " << format_time(r.value("started", 0.0)) << "   seconds: " << format_number(r.value("seconds", 0.0))
              << "\n";
    std::cout << "seed:    " << r["seed"] << "   device: " << r.value("device", std::string()) << "   host: "
              << r.value("host", std::string()) << "\n";
    if (r.contains("error")) std::cout << "error:   " << r["error"].get<std::string>() << "\n";
    for (const auto& d : r.value("data", Json::array()))
        std::cout << "data:    " << d["step"].get<std::string>() << "." << d["param"].get<std::string>() << " = "
                  << d["path"].get<std::string>() << " (" << d["hash"].get<std::string>().substr(0, 16) << ")\n";
    std::cout << "\n";
    TextTable steps({"step", "operator", "version", "status", "cache", "seconds", "outputs", "notes"});
    for (const auto& s : r["steps"]) {
        std::string outs;
        Json step_outputs = s.value("outputs", Json::object());
        for (const auto& [port, hash] : step_outputs.items())
            outs += (outs.empty() ? "" : " ") + port + ":" + hash.get<std::string>().substr(0, 8);
        std::string notes = s.value("notes", Json::object()).empty() ? "" : s["notes"].dump();
        steps.add({s["id"], s["operator"], s["version"], s["status"], s.value("cached", false) ? "hit" : "miss",
                   format_number(s.value("seconds", 0.0)), outs, notes});
    }
    std::cout << steps.str() << "\nparams:\n";
    for (const auto& s : r["steps"]) std::cout << "  " << s["id"].get<std::string>() << ": " << s["params"].dump() << "\n";
    std::cout << "\n" << metrics_text(r);
    for (const auto& f : r.value("files", Json::array()))
        std::cout << f["step"].get<std::string>() << ": " << f["path"].get<std::string>() << "\n";
    std::cout << "\npipeline text:\n" << r.value("text", std::string()) << "\n";
    return 0;
}

int runs_diff_command(const Common& common, const std::string& a_name, const std::string& b_name) {
    kernel::Store store(store_path(common));
    Json a = *store.run(resolve_run_id(store, a_name));
    Json b = *store.run(resolve_run_id(store, b_name));
    Json diff = {{"a", a["id"]}, {"b", b["id"]}, {"settings", Json::array()}, {"steps", Json::array()},
                 {"data", Json::array()}, {"metrics", Json::array()}, {"text", Json::array()}};

    for (const char* key : {"pipeline", "seed", "device", "params", "status"})
        if (a.value(key, Json()) != b.value(key, Json()))
            diff["settings"].push_back({{"name", key}, {"a", a.value(key, Json())}, {"b", b.value(key, Json())}});

    // Pipeline text: lines only in A (-) and only in B (+).
    auto la = lines_of(a.value("text", std::string())), lb = lines_of(b.value("text", std::string()));
    std::multiset<std::string> sa(la.begin(), la.end()), sb(lb.begin(), lb.end());
    for (const auto& l : la)
        if (!sb.count(l)) diff["text"].push_back("- " + l);
    for (const auto& l : lb)
        if (!sa.count(l)) diff["text"].push_back("+ " + l);

    std::set<std::string> ids;
    for (const auto& s : a["steps"]) ids.insert(s["id"].get<std::string>());
    for (const auto& s : b["steps"]) ids.insert(s["id"].get<std::string>());
    for (const auto& id : ids) {
        const Json* sa_ = find_step(a, id);
        const Json* sb_ = find_step(b, id);
        Json change = {{"id", id}};
        if (!sa_ || !sb_) {
            change["change"] = sa_ ? "only in a" : "only in b";
        } else {
            Json what = Json::array();
            for (const char* key : {"operator", "version", "build_id"})
                if ((*sa_)[key] != (*sb_)[key]) what.push_back({{"field", key}, {"a", (*sa_)[key]}, {"b", (*sb_)[key]}});
            for (const auto& [name, value] : (*sb_)["params"].items())
                if ((*sa_)["params"].value(name, Json()) != value)
                    what.push_back({{"field", "params." + name}, {"a", (*sa_)["params"].value(name, Json())}, {"b", value}});
            if ((*sa_).value("outputs", Json()) != (*sb_).value("outputs", Json())) what.push_back({{"field", "outputs"}, {"a", "hash"}, {"b", "different hash"}});
            if (what.empty()) continue;
            change["changes"] = what;
            change["cached_in_b"] = (*sb_).value("cached", false);
        }
        diff["steps"].push_back(change);
    }
    for (const auto& db : b.value("data", Json::array())) {
        bool same = false;
        for (const auto& da : a.value("data", Json::array()))
            same = same || (da["step"] == db["step"] && da["param"] == db["param"] && da["hash"] == db["hash"]);
        if (!same) diff["data"].push_back(db);
    }
    Json metrics_b = b.value("metrics", Json::object());
    for (const auto& [step, rows] : metrics_b.items())
        for (const auto& [label, values] : rows.items())
            for (const auto& [name, vb] : values.items()) {
                Json va = a["metrics"].contains(step) && a["metrics"][step].contains(label) ? a["metrics"][step][label].value(name, Json()) : Json();
                Json entry = {{"step", step}, {"row", label}, {"metric", name}, {"a", va}, {"b", vb}};
                if (va.is_number() && vb.is_number()) entry["delta"] = vb.get<double>() - va.get<double>();
                diff["metrics"].push_back(entry);
            }

    if (common.json) {
        std::cout << diff.dump(2) << "\n";
        return 0;
    }
    std::cout << "runs " << a["id"] << " -> " << b["id"] << "\n";
    for (const auto& s : diff["settings"]) std::cout << "  " << s["name"].get<std::string>() << ": " << s["a"].dump() << " -> " << s["b"].dump() << "\n";
    if (!diff["text"].empty()) {
        std::cout << "pipeline text:\n";
        for (const auto& l : diff["text"]) std::cout << "  " << l.get<std::string>() << "\n";
    }
    if (diff["steps"].empty()) std::cout << "steps: identical\n";
    for (const auto& s : diff["steps"]) {
        std::cout << "step " << s["id"].get<std::string>() << ":";
        if (s.contains("change")) std::cout << " " << s["change"].get<std::string>() << "\n";
        else {
            std::cout << (s["cached_in_b"].get<bool>() ? " (cached in b)" : " (ran in b)") << "\n";
            for (const auto& c : s["changes"]) std::cout << "    " << c["field"].get<std::string>() << ": " << c["a"].dump() << " -> " << c["b"].dump() << "\n";
        }
    }
    for (const auto& d : diff["data"]) std::cout << "data changed: " << d["step"].get<std::string>() << "." << d["param"].get<std::string>() << " = " << d["path"].get<std::string>() << "\n";
    if (!diff["metrics"].empty()) {
        TextTable table({"step", "row", "metric", "a", "b", "delta"});
        for (const auto& m : diff["metrics"]) {
            auto num = [](const Json& v) { return v.is_number() ? format_number(v.get<double>()) : (v.is_null() ? "-" : v.dump()); };
            std::string delta = m.contains("delta") ? format_number(m["delta"].get<double>()) : "";
            if (m.contains("delta") && m["delta"].get<double>() > 0) delta = "+" + delta;
            table.add({m["step"], m["row"], m["metric"], num(m["a"]), num(m["b"]), delta});
        }
        std::cout << "\n" << table.str();
    }
    return 0;
}

}  // namespace persona::cli
