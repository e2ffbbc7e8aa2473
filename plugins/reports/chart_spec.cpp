#include "chart_spec.h"

#include <algorithm>

#include "persona/names.h"
#include "persona/error.h"

namespace persona::reports {

namespace {

constexpr const char* kParamPrefix = "report.html: param 'charts', ";

// The keys each kind accepts; every kind also takes table, kind, title and where.
std::vector<std::string> allowed_keys(ChartKind kind) {
    std::vector<std::string> keys{"table", "kind", "title", "where"};
    std::vector<std::string> own;
    switch (kind) {
        case ChartKind::Bars: own = {"label", "value", "agg", "sort", "limit"}; break;
        case ChartKind::Heatmap: own = {"x", "y", "value", "agg", "x_order", "y_order"}; break;
        case ChartKind::Lines: own = {"x", "y"}; break;
        case ChartKind::Scatter: own = {"x", "y", "limit", "diagonal"}; break;
    }
    keys.insert(keys.end(), own.begin(), own.end());
    return keys;
}

// Reads one chart map; `where` names it in messages until its title is known.
class SpecReader {
public:
    SpecReader(const Json& map, size_t position, std::string name) : map_(map) {
        spec_.position = position;
        spec_.title = std::move(name);
    }

    ChartSpec read() {
        if (!map_.is_object()) fail("expected a map with table, kind and columns, got " + map_.dump());
        if (map_.contains("title")) spec_.title = text("title");
        spec_.table = text("table");
        spec_.kind = read_kind();
        check_keys();
        read_where();
        switch (spec_.kind) {
            case ChartKind::Bars: read_bars(); break;
            case ChartKind::Heatmap: read_heatmap(); break;
            case ChartKind::Lines: read_lines(); break;
            case ChartKind::Scatter: read_scatter(); break;
        }
        if (spec_.title.empty()) spec_.title = default_title();
        return spec_;
    }

private:
    [[noreturn]] void fail(const std::string& message) const {
        throw Error(kParamPrefix + spec_.describe() + ": " + message);
    }

    bool has(const char* key) const { return map_.contains(key) && !map_.at(key).is_null(); }

    // A required (or, with required = false, optional) non-empty string.
    std::string text(const char* key, bool required = true) const {
        if (!has(key)) {
            if (required) fail("missing '" + std::string(key) + "'");
            return "";
        }
        const Json& value = map_.at(key);
        if (!value.is_string() || value.get<std::string>().empty())
            fail("'" + std::string(key) + "' must be a non-empty string, got " + value.dump());
        return value.get<std::string>();
    }

    // An optional string that must be one of `choices`.
    std::string choice(const char* key, const std::vector<std::string>& choices, const std::string& fallback) const {
        if (!has(key)) return fallback;
        const std::string value = text(key);
        if (std::find(choices.begin(), choices.end(), value) == choices.end())
            fail("'" + std::string(key) + "' must be one of " + join_names(choices) + ", got '" + value + "'" +
                 did_you_mean(value, choices));
        return value;
    }

    // A string or a list of strings and integers, as text (e.g. x_order: [1, 2, 3] or [Mon, Tue]).
    std::vector<std::string> texts(const char* key) const {
        std::vector<std::string> out;
        if (!has(key)) return out;
        const Json& value = map_.at(key);
        const Json list = value.is_array() ? value : Json::array({value});
        for (const Json& item : list) {
            if (item.is_string()) out.push_back(item.get<std::string>());
            else if (item.is_number_integer()) out.push_back(std::to_string(item.get<int64_t>()));
            else fail("'" + std::string(key) + "' must be a string or a list of strings or integers, got " + value.dump());
        }
        return out;
    }

    // An optional integer >= 0.
    int64_t count(const char* key, int64_t fallback) const {
        if (!has(key)) return fallback;
        const Json& value = map_.at(key);
        if (!value.is_number_integer() || value.get<int64_t>() < 0)
            fail("'" + std::string(key) + "' must be an integer >= 0 (0 = all), got " + value.dump());
        return value.get<int64_t>();
    }

    ChartKind read_kind() const {
        const std::string kind = choice("kind", {"bars", "heatmap", "lines", "scatter"}, "");
        if (kind.empty()) fail("missing 'kind' (one of bars, heatmap, lines, scatter)");
        if (kind == "bars") return ChartKind::Bars;
        if (kind == "heatmap") return ChartKind::Heatmap;
        if (kind == "lines") return ChartKind::Lines;
        return ChartKind::Scatter;
    }

    void check_keys() const {
        const std::vector<std::string> allowed = allowed_keys(spec_.kind);
        for (const auto& [key, value] : map_.items())
            if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
                fail("key '" + key + "' is not used by kind " + to_string(spec_.kind) + " (its keys: " +
                     join_names(allowed) + did_you_mean(key, allowed) + ")");
    }

    void read_where() {
        if (!has("where")) return;
        const Json& where = map_.at("where");
        if (!where.is_object()) fail("'where' must be a map of column: value, got " + where.dump());
        for (const auto& [column, value] : where.items()) {
            if (!value.is_string() && !value.is_number())
                fail("'where' value of column '" + column + "' must be a string or a number, got " + value.dump());
            spec_.where.push_back(RowFilter{column, value});
        }
    }

    // agg: count without a value column; sum (default) or mean with one.
    void read_aggregate() {
        spec_.value = text("value", false);
        const std::string agg = choice("agg", {"count", "sum", "mean"}, spec_.value.empty() ? "count" : "sum");
        if (spec_.value.empty() && agg != "count") fail("agg '" + agg + "' needs a 'value' column");
        if (!spec_.value.empty() && agg == "count") fail("agg 'count' counts rows: leave out 'value'");
        spec_.agg = agg == "count" ? Aggregate::Count : agg == "sum" ? Aggregate::Sum : Aggregate::Mean;
    }

    void read_bars() {
        spec_.label = text("label");
        read_aggregate();
        const std::string sort = choice("sort", {"value", "label", "none"}, "value");
        spec_.sort = sort == "value" ? BarOrder::Value : sort == "label" ? BarOrder::Label : BarOrder::None;
        spec_.limit = count("limit", kDefaultBarLimit);
    }

    void read_heatmap() {
        spec_.x = text("x");
        spec_.y = text("y");
        read_aggregate();
        spec_.x_order = texts("x_order");
        spec_.y_order = texts("y_order");
    }

    void read_lines() {
        spec_.x = text("x");
        if (has("y") && map_.at("y").is_array()) {
            for (const Json& item : map_.at("y")) {
                if (!item.is_string() || item.get<std::string>().empty())
                    fail("'y' must be a column name or a list of them, got " + map_.at("y").dump());
                spec_.ys.push_back(item.get<std::string>());
            }
            if (spec_.ys.empty()) fail("'y' lists no column");
        } else {
            spec_.ys.push_back(text("y"));
        }
    }

    void read_scatter() {
        spec_.x = text("x");
        spec_.y = text("y");
        spec_.limit = count("limit", kDefaultScatterLimit);
        if (has("diagonal")) {
            if (!map_.at("diagonal").is_boolean()) fail("'diagonal' must be true or false, got " + map_.at("diagonal").dump());
            spec_.diagonal = map_.at("diagonal").get<bool>();
        }
    }

    // "users by segment", "count by fm_score and r_score", "mean_actual, mean_predicted by frequency", "y vs x".
    std::string default_title() const {
        const std::string what = spec_.agg == Aggregate::Count ? "rows"
                                 : spec_.agg == Aggregate::Mean ? "mean " + spec_.value
                                                                : spec_.value;
        switch (spec_.kind) {
            case ChartKind::Bars: return what + " by " + spec_.label;
            case ChartKind::Heatmap: return what + " by " + spec_.y + " and " + spec_.x;
            case ChartKind::Lines: return join_names(spec_.ys) + " by " + spec_.x;
            case ChartKind::Scatter: return spec_.y + " vs " + spec_.x;
        }
        return "";
    }

    const Json& map_;
    ChartSpec spec_;
};

// A map of name -> chart map (the named form), as opposed to one chart map (which always has a `kind`).
bool is_named_charts(const Json& value) {
    if (!value.is_object() || value.contains("kind")) return false;
    return std::all_of(value.begin(), value.end(), [](const Json& v) { return v.is_object(); });
}

}  // namespace

const char* to_string(ChartKind kind) {
    switch (kind) {
        case ChartKind::Bars: return "bars";
        case ChartKind::Heatmap: return "heatmap";
        case ChartKind::Lines: return "lines";
        case ChartKind::Scatter: return "scatter";
    }
    return "?";
}

std::string ChartSpec::describe() const {
    std::string text = "chart #" + std::to_string(position);
    if (!title.empty()) text += " '" + title + "'";
    return text;
}

std::vector<ChartSpec> read_chart_specs(const Json& param) {
    if (param.is_null()) return {};
    // The entries in drawing order, each with the name it goes by until its title is read.
    std::vector<std::pair<const Json*, std::string>> entries;
    const auto add_named = [&](const Json& named) {
        for (const auto& [name, chart] : named.items()) entries.emplace_back(&chart, name);
    };
    if (param.is_array()) {
        for (const Json& item : param) {
            if (is_named_charts(item) && !item.empty()) add_named(item);
            else entries.emplace_back(&item, "");
        }
    } else if (is_named_charts(param)) {
        add_named(param);
    } else if (param.is_object()) {
        entries.emplace_back(&param, "");
    } else {
        throw Error(std::string(kParamPrefix) + "expected a list of chart maps, got " + param.dump());
    }
    std::vector<ChartSpec> specs;
    for (size_t i = 0; i < entries.size(); ++i) specs.push_back(SpecReader(*entries[i].first, i + 1, entries[i].second).read());
    return specs;
}

}  // namespace persona::reports
