// `persona profile show USER` (a profile card) and `persona profile query EXPR` (users matching an expression),
// both over the artifacts of one run: the profile table of its profile.assemble step, plus whatever else the
// run has for the user (interest weights, predicted attributes, value forecast, recommendations).
#include <algorithm>
#include <cmath>
#include <ctime>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "commands.h"
#include "persona/expr/expression.h"
#include "table_output.h"
#include "text_table.h"

namespace persona::cli {

namespace {

// One run's record and the store its artifacts live in.
struct RunArtifacts {
    kernel::Store& store;
    int64_t id;
    Json record;

    // Steps of the run that ran (or were cached) with this operator, in pipeline order.
    std::vector<const Json*> steps_of(const std::string& op) const {
        std::vector<const Json*> out;
        for (const auto& s : record["steps"])
            if (s.value("operator", "") == op && s.value("status", "") == "ok") out.push_back(&s);
        return out;
    }
    const Json* step(const std::string& id) const {
        for (const auto& s : record["steps"])
            if (s.value("id", "") == id) return &s;
        return nullptr;
    }
    // The Table of output `port` of step `rec` (throws when the step has no such table).
    Table table(const Json& rec, const std::string& port) const {
        const Json& outs = rec["outputs"];
        if (!outs.contains(port))
            throw Error("step '" + rec.value("id", "") + "' of run " + std::to_string(id) + " has no output '" + port + "'");
        ArtifactPtr a = store.get_artifact(outs[port].get<std::string>());
        if (a->kind() != Kind::Table)
            throw Error("output '" + port + "' of step '" + rec.value("id", "") + "' is not a table");
        return a->table();
    }
};

// The profile table: `--step STEP[.PORT]`; else the run's profile.assemble step named `profile`, or its last
// profile.assemble step (a pipeline may assemble in stages, the last one holding everything).
Table profile_table(const RunArtifacts& run, const std::string& step_option, std::string& label) {
    if (!step_option.empty()) {
        std::string step = step_option, port;
        if (auto dot = step.find('.'); dot != std::string::npos) {
            port = step.substr(dot + 1);
            step = step.substr(0, dot);
        }
        const Json* rec = run.step(step);
        if (!rec) throw Error("run " + std::to_string(run.id) + " has no step '" + step + "'");
        if (port.empty()) {
            if ((*rec)["outputs"].empty()) throw Error("step '" + step + "' produced no outputs");
            port = (*rec)["outputs"].begin().key();
        }
        label = step + "." + port;
        return run.table(*rec, port);
    }
    std::vector<const Json*> found = run.steps_of("profile.assemble");
    if (found.empty())
        throw Error("run " + std::to_string(run.id) + " has no finished profile.assemble step; name a table with --step STEP[.PORT]");
    const Json* chosen = found.back();
    for (const Json* rec : found)
        if ((*rec)["id"] == "profile") chosen = rec;
    label = (*chosen)["id"].get<std::string>() + ".profile";
    return run.table(*chosen, "profile");
}

const Column& id_column(const Table& table, const std::string& name, const std::string& label) {
    if (!table.has(name) || table.column(name).type != ColumnType::Int64)
        throw Error(label + " has no int64 id column '" + name + "'");
    return table.column(name);
}

// Rows of `table` whose int64 `column` equals `user`.
std::vector<int64_t> rows_of(const Table& table, const std::string& column, int64_t user) {
    std::vector<int64_t> rows;
    if (!table.has(column) || table.column(column).type != ColumnType::Int64) return rows;
    const auto& ids = table.column(column).ints;
    for (int64_t r = 0; r < static_cast<int64_t>(ids.size()); ++r)
        if (ids[r] == user) rows.push_back(r);
    return rows;
}

// The column named `name`, or else one named `<step>_<name>` (profile.assemble's clash rule); null if none.
const Column* find_column(const Table& table, const std::string& name) {
    if (table.has(name)) return &table.column(name);
    for (const auto& c : table.columns())
        if (c.name.size() > name.size() + 1 && c.name.compare(c.name.size() - name.size() - 1, std::string::npos, "_" + name) == 0)
            return &c;
    return nullptr;
}

std::string fixed(double value, int decimals) {
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(decimals);
    s << value;
    return s.str();
}

std::string date_text(int64_t seconds) {
    std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

std::string bar(double fraction, int width = 20) {
    const int full = static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * width));
    std::string out;
    for (int i = 0; i < width; ++i) out += i < full ? "\u2588" : "\u00b7";
    return out;
}

// The named fields of the profile row that exist, as "label value" text and as JSON.
struct Fields {
    std::vector<std::string> text;
    Json json = Json::object();
};

Fields pick_fields(const Table& profile, int64_t row, const std::vector<std::pair<std::string, std::string>>& wanted) {
    Fields out;
    for (const auto& [name, label] : wanted) {
        const Column* c = find_column(profile, name);
        if (!c || c->is_null(row)) continue;
        Json v = cell_json(*c, row);
        std::string shown;
        if (name == "first_seen" || name == "last_seen" || name == "last_purchase" || name == "first_purchase")
            shown = date_text(c->ints[row]);
        else if (v.is_number_float())
            shown = fixed(v.get<double>(), std::fabs(v.get<double>()) >= 100 ? 0 : 2);
        else
            shown = v.is_string() ? v.get<std::string>() : v.dump();
        out.text.push_back(label + " " + shown);
        out.json[name] = v;
    }
    return out;
}

std::string joined(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
    return out;
}

// Prints `label` then the items, wrapped under one another.
void print_section(std::ostream& out, const std::string& label, const std::vector<std::string>& lines) {
    for (size_t i = 0; i < lines.size(); ++i) {
        std::string head = i == 0 ? label : "";
        head.resize(13, ' ');
        out << head << lines[i] << "\n";
    }
}

// Top interests of the user from the run's profile.interests steps (weights and lift).
Json interest_rows(const RunArtifacts& run, int64_t user, size_t top) {
    Json out = Json::array();
    for (const Json* rec : run.steps_of("profile.interests")) {
        Table t = run.table(*rec, "interests");
        std::vector<int64_t> rows = rows_of(t, "user", user);
        if (!t.has("weight") || !t.has("attribute") || !t.has("value")) continue;
        std::sort(rows.begin(), rows.end(), [&](int64_t a, int64_t b) {
            return t.column("weight").floats[a] > t.column("weight").floats[b];
        });
        for (size_t i = 0; i < rows.size() && i < top; ++i) {
            const int64_t r = rows[i];
            Json row = {{"attribute", std::string(t.column("attribute").text(r))},
                        {"value", std::string(t.column("value").text(r))},
                        {"weight", t.column("weight").floats[r]}};
            if (t.has("lift")) row["lift"] = t.column("lift").floats[r];
            out.push_back(row);
        }
    }
    return out;
}

// The model each metric.classification step of the run picked as best (its note `best`), by step id.
std::map<std::string, Json> best_models(const RunArtifacts& run) {
    std::map<std::string, Json> out;
    for (const Json* rec : run.steps_of("metric.classification")) {
        const Json& notes = (*rec)["notes"];
        if (!notes.contains("best") || !notes["best"].contains("model")) continue;
        Json best = notes["best"];
        best["by"] = (*rec)["id"];
        out[best["model"].get<std::string>()] = best;
    }
    return out;
}

// Predicted attributes: every model.mlp step's predictions for the user (prediction and class probabilities);
// a model that a metric.classification step of the run scored best carries `best` (the score that chose it).
Json predictions(const RunArtifacts& run, int64_t user) {
    const std::map<std::string, Json> best = best_models(run);
    Json out = Json::array();
    for (const Json* rec : run.steps_of("model.mlp")) {
        Table t = run.table(*rec, "predictions");
        std::vector<int64_t> rows = rows_of(t, "user", user);
        if (rows.empty() || !t.has("prediction")) continue;
        const int64_t r = rows[0];
        const std::string step = (*rec)["id"].get<std::string>();
        Json item = {{"step", step}, {"target", (*rec)["params"].value("target", "")},
                     {"prediction", cell_json(t.column("prediction"), r)}, {"probabilities", Json::object()}};
        for (const auto& c : t.columns())
            if (c.name.rfind("p_", 0) == 0 && c.type == ColumnType::Float64) item["probabilities"][c.name.substr(2)] = c.floats[r];
        if (auto found = best.find(step); found != best.end()) item["best"] = found->second;
        out.push_back(item);
    }
    return out;
}

// The card's lines for the predicted attributes. Per target: the best-scored model with its class probabilities
// as bars and the other models in one line; a target no metric picked a model for shows every model.
std::vector<std::string> predicted_lines(const Json& predicted) {
    std::vector<std::string> targets;
    std::set<std::string> with_best;
    for (const auto& p : predicted) {
        const std::string target = p["target"].get<std::string>();
        if (std::find(targets.begin(), targets.end(), target) == targets.end()) targets.push_back(target);
        if (p.contains("best")) with_best.insert(target);
    }
    auto shown = [](const Json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); };
    std::vector<std::string> lines;
    for (const auto& target : targets) {
        std::vector<std::string> others;
        for (const auto& p : predicted) {
            if (p["target"] != target) continue;
            if (with_best.count(target) && !p.contains("best")) {
                others.push_back(p["step"].get<std::string>() + " " + shown(p["prediction"]));
                continue;
            }
            std::string line = target + ": " + shown(p["prediction"]) + "  (" + p["step"].get<std::string>();
            if (p.contains("best"))
                line += ", best " + p["best"].value("select", "") + " " + fixed(p["best"].value("score", 0.0), 3) + " in " +
                        p["best"].value("by", "");
            lines.push_back(line + ")");
            std::vector<std::pair<std::string, double>> probs;
            for (const auto& [cls, prob] : p["probabilities"].items()) probs.emplace_back(cls, prob.get<double>());
            std::sort(probs.begin(), probs.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
            for (size_t k = 0; k < probs.size() && k < 3; ++k) {
                std::string cls = "  " + probs[k].first;
                cls.resize(std::max<size_t>(cls.size(), 16), ' ');
                lines.push_back(cls + " " + bar(probs[k].second) + " " + fixed(probs[k].second, 2));
            }
        }
        for (size_t i = 0; i < others.size(); i += 3)
            lines.push_back(std::string(i == 0 ? "  other models: " : "                ") +
                            joined(std::vector<std::string>(others.begin() + i, others.begin() + std::min(others.size(), i + 3)),
                                   " \u00b7 "));
    }
    return lines;
}

// The customer-value forecast of every model.bgnbd step for the user.
Json value_forecast(const RunArtifacts& run, int64_t user) {
    Json out = Json::array();
    for (const Json* rec : run.steps_of("model.bgnbd")) {
        Table t = run.table(*rec, "customers");
        std::vector<int64_t> rows = rows_of(t, "user", user);
        if (rows.empty()) continue;
        Json item = {{"step", (*rec)["id"]}};
        for (const char* name : {"expected_purchases", "p_alive", "expected_spend", "clv", "holdout_purchases"})
            if (t.has(name) && !t.column(name).is_null(rows[0])) item[name] = cell_json(t.column(name), rows[0]);
        out.push_back(item);
    }
    return out;
}

// Top recommendations of every step with a `top` output (user, rank, item, score).
Json recommendations(const RunArtifacts& run, int64_t user, size_t top) {
    Json out = Json::array();
    for (const auto& s : run.record["steps"]) {
        if (s.value("status", "") != "ok" || !s["outputs"].contains("top")) continue;
        Table t = run.table(s, "top");
        if (!t.has("item") || !t.has("rank")) continue;
        std::vector<int64_t> rows = rows_of(t, "user", user);
        std::sort(rows.begin(), rows.end(), [&](int64_t a, int64_t b) { return t.column("rank").ints[a] < t.column("rank").ints[b]; });
        Json items = Json::array();
        for (size_t i = 0; i < rows.size() && i < top; ++i) {
            Json it = {{"item", t.column("item").ints[rows[i]]}};
            if (t.has("score")) it["score"] = cell_json(t.column("score"), rows[i]);
            items.push_back(it);
        }
        if (!items.empty()) out.push_back({{"step", s["id"]}, {"items", items}});
    }
    return out;
}

int64_t parse_user(const std::string& text) {
    try {
        size_t pos = 0;
        const int64_t v = std::stoll(text, &pos);
        if (pos == text.size()) return v;
    } catch (const std::exception&) {
    }
    throw Error("user '" + text + "' is not an integer id");
}

}  // namespace

int profile_show_command(const Common& common, const ProfileArgs& args) {
    kernel::Store store(store_path(common));
    const int64_t id = resolve_run_id(store, args.run);
    RunArtifacts run{store, id, *store.run(id)};
    std::string label;
    const Table profile = profile_table(run, args.step, label);
    const int64_t user = parse_user(args.user);
    const std::vector<int64_t> found = rows_of(profile, "user", user);
    id_column(profile, "user", label);
    if (found.empty()) throw Error("user " + std::to_string(user) + " is not in " + label + " of run " + std::to_string(id));
    const int64_t row = found[0];

    const Fields behaviour = pick_fields(profile, row, {{"events", "events"}, {"orders", "orders"}, {"active_days", "active days"},
        {"sessions", "sessions"}, {"total_amount", "spent"}, {"avg_basket", "basket"}, {"first_seen", "first seen"},
        {"last_seen", "last seen"}, {"recency_days", "recency (days)"}, {"tenure_days", "tenure (days)"}});
    const Fields rfm = pick_fields(profile, row, {{"segment", "segment"}, {"rfm_score", "RFM"}, {"r_score", "R"},
        {"f_score", "F"}, {"m_score", "M"}, {"frequency", "frequency"}, {"monetary", "monetary"}});
    const Fields lifecycle = pick_fields(profile, row, {{"stage", "stage"}, {"rhythm_days", "rhythm (days)"},
        {"churn_after_days", "churned after (days)"}});
    const Fields tags = pick_fields(profile, row, {{"tags", "tags"}, {"top_interests", "interests"}});
    const Json interests = interest_rows(run, user, 5), predicted = predictions(run, user), value = value_forecast(run, user),
               recommended = recommendations(run, user, 5);

    if (common.json) {
        Json card = {{"user", user}, {"run", id}, {"profile", label}, {"behaviour", behaviour.json}, {"rfm", rfm.json},
                     {"lifecycle", lifecycle.json}, {"tags", tags.json}, {"interests", interests},
                     {"predicted", predicted}, {"value", value}, {"recommendations", recommended},
                     {"row", Json::object()}};
        for (const auto& c : profile.columns()) card["row"][c.name] = cell_json(c, row);
        std::cout << card.dump(2) << "\n";
        return 0;
    }
    std::ostream& out = std::cout;
    out << "User " << user << "  (run " << id << ", " << label << ")\n";
    auto chunked = [](const std::vector<std::string>& items) {
        std::vector<std::string> lines;
        for (size_t i = 0; i < items.size(); i += 4)
            lines.push_back(joined(std::vector<std::string>(items.begin() + i, items.begin() + std::min(items.size(), i + 4)), " \u00b7 "));
        return lines;
    };
    print_section(out, "Behaviour", chunked(behaviour.text));
    print_section(out, "RFM", chunked(rfm.text));
    print_section(out, "Lifecycle", chunked(lifecycle.text));
    // Bars are relative to the attribute's strongest value, so spread-out attributes (many keywords) stay readable.
    std::map<std::string, double> strongest;
    for (const auto& i : interests) {
        double& top = strongest[i["attribute"].get<std::string>()];
        top = std::max(top, i["weight"].get<double>());
    }
    std::vector<std::string> interest_lines;
    for (const auto& i : interests) {
        std::string name = i["attribute"].get<std::string>() + ":" + i["value"].get<std::string>();
        name.resize(std::max<size_t>(name.size(), 24), ' ');
        const double top = strongest[i["attribute"].get<std::string>()];
        interest_lines.push_back(name + " " + bar(top > 0 ? i["weight"].get<double>() / top : 0.0) + " " +
                                 fixed(i["weight"].get<double>(), 2) +
                                 (i.contains("lift") ? "  lift " + fixed(i["lift"].get<double>(), 2) : ""));
    }
    print_section(out, "Interests", interest_lines);
    print_section(out, "Tags", tags.text);
    print_section(out, "Predicted", predicted_lines(predicted));
    std::vector<std::string> value_lines;
    for (const auto& v : value) {
        std::vector<std::string> parts;
        for (const auto& [k, x] : v.items())
            if (k != "step") parts.push_back(k + " " + (x.is_number() ? fixed(x.get<double>(), 2) : x.dump()));
        value_lines.push_back(v["step"].get<std::string>() + ": " + joined(parts, " \u00b7 "));
    }
    print_section(out, "Value", value_lines);
    std::vector<std::string> rec_lines;
    for (const auto& r : recommended) {
        std::vector<std::string> items;
        for (const auto& it : r["items"]) items.push_back(std::to_string(it["item"].get<int64_t>()));
        rec_lines.push_back(r["step"].get<std::string>() + ": " + joined(items, ", "));
    }
    print_section(out, "Recommended", rec_lines);
    return 0;
}

int profile_query_command(const Common& common, const ProfileArgs& args) {
    kernel::Store store(store_path(common));
    const int64_t id = resolve_run_id(store, args.run);
    RunArtifacts run{store, id, *store.run(id)};
    std::string label;
    const Table profile = profile_table(run, args.step, label);
    const expr::Expression expression = [&] {
        try {
            return expr::Expression::parse(args.expression);
        } catch (const Error& e) {
            throw Error(std::string("query: ") + e.what());
        }
    }();
    std::vector<uint8_t> keep;
    try {
        keep = expression.select(profile);
    } catch (const Error& e) {
        throw Error("query over " + label + ": " + e.what());
    }
    std::vector<int64_t> rows;
    for (int64_t r = 0; r < profile.rows(); ++r)
        if (keep[r]) rows.push_back(r);

    std::vector<std::string> columns = args.columns;
    if (columns.empty() && !args.csv && !common.json) {  // terminal: the id, the queried columns, segment and stage
        columns.push_back("user");
        for (const auto& c : expression.columns())
            if (std::find(columns.begin(), columns.end(), c) == columns.end()) columns.push_back(c);
        for (const char* extra : {"segment", "stage"})
            if (profile.has(extra) && std::find(columns.begin(), columns.end(), extra) == columns.end()) columns.push_back(extra);
    }
    if (columns.empty())
        for (const auto& c : profile.columns()) columns.push_back(c.name);
    for (const auto& c : columns)
        if (!profile.has(c)) throw Error("--columns: " + label + " has no column '" + c + "'");

    const Table matching = profile.take(rows);
    Table selected;
    for (const auto& name : columns) selected.add(matching.column(name));
    if (common.json) {
        std::cout << table_json(selected).dump(2) << "\n";
    } else if (args.csv) {
        std::cout << table_csv(selected);
    } else {
        TextTable text(columns);
        const int64_t shown = args.limit > 0 ? std::min<int64_t>(args.limit, selected.rows()) : selected.rows();
        for (int64_t r = 0; r < shown; ++r) {
            std::vector<std::string> cells;
            for (const auto& c : selected.columns()) {
                Json v = cell_json(c, r);
                cells.push_back(v.is_number_float() ? format_number(v.get<double>()) : cell_text(c, r));
            }
            text.add(std::move(cells));
        }
        std::cout << text.str();
        std::cout << rows.size() << " of " << profile.rows() << " users match" << (shown < selected.rows() ? " (first " + std::to_string(shown) + " shown; --limit 0 for all)" : "") << "\n";
    }
    return 0;
}

}  // namespace persona::cli
