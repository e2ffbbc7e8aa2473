// profile.interests: time-decayed affinity of each user for the values of item attributes, with lift and top tags.
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "calendar.h"
#include "event_columns.h"
#include "id_index.h"
#include "item_attributes.h"
#include "operators.h"
#include "persona/context.h"
#include "user_rows.h"

namespace persona::profiles {

namespace {

constexpr const char* kOp = "profile.interests";

OperatorSpec interests_spec() {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.1.0";
    spec.doc = "Time-decayed user affinity for item attribute values (weight per attribute, lift against the "
               "population) and top interest tags";
    spec.input("events", Kind::Table, "events: user, item, ts, optional type");
    spec.input("items", Kind::Table, "items: item id and attribute columns (and a price column for price_bands)");
    spec.output("interests", Kind::Table, "user, attribute, value, weight, strength, lift; by user, attribute, weight desc");
    spec.output("top", Kind::Table, "user, tags (\"attr:value,...\"), top_<attribute> per attribute");
    add_user_time_params(spec);
    spec.param("item", ParamType::String, "item", "item id column (int64) in both events and items");
    add_type_params(spec, false);
    add_reference_param(spec);
    spec.param("attributes", ParamType::StringList, Json::array(),
               "item columns to profile (string, int64 or int64-list); may be [] when price_bands is set");
    spec.param("separator", ParamType::String, "|", "splits a string cell into several values (\"\" = never)");
    spec.param("price_bands", ParamType::FloatList, Json::array(),
               "ascending price boundaries; adds the attribute price_band from the items' price column");
    spec.param("item_price", ParamType::String, "price", "the items' price column for price_bands");
    spec.param("half_life_days", ParamType::Float, 30.0, "an event's weight halves every this many days (0 = no decay)")
        .at_least(0);
    spec.param("type_weights", ParamType::Map, Json::object(),
               "weight per event type, e.g. {view: 1, cart: 3, purchase: 5}; unlisted types weigh 1");
    spec.param("top_n", ParamType::Int, 5, "tags per user in the top table").range(1, 1000);
    spec.param("min_weight", ParamType::Float, 0.0, "tags need at least this normalised weight").range(0, 1);
    return spec;
}

// Per type code the weight from param type_weights (1 when unlisted).
std::vector<double> type_weights(const EventColumns& ev, const Json& weights) {
    std::vector<double> out(ev.has_types ? ev.types.names.size() : 0, 1.0);
    for (const auto& [name, value] : weights.items()) {
        if (!value.is_number() || value.get<double>() < 0)
            throw Error(std::string(kOp) + ": parameter 'type_weights': '" + name +
                        "' must be a number >= 0, got " + value.dump());
        const int64_t code = ev.has_types ? ev.types.find(name) : -1;
        if (code >= 0) out[code] = value.get<double>();
    }
    return out;
}

// One (user, value) result.
struct Entry {
    int64_t group;   // user group index
    int64_t value;   // value id
    double strength; // decayed weight sum
    double weight;   // strength / the user's strength in this attribute
};

// Sums the decayed weights of every user over the attribute values of the items they touched.
struct Accumulator {
    const ItemAttributes& attrs;
    std::vector<double> acc;          // per value id, this user
    std::vector<int64_t> touched;     // value ids with acc > 0 this user
    std::vector<double> population;   // per value id, all users
    std::vector<double> attribute_sum;  // per attribute, this user

    explicit Accumulator(const ItemAttributes& a)
        : attrs(a), acc(a.value_text.size(), 0.0), population(a.value_text.size(), 0.0),
          attribute_sum(a.attribute_names.size(), 0.0) {}

    void add(int64_t item_row, double w) {
        for (int64_t k = attrs.offsets[item_row]; k < attrs.offsets[item_row + 1]; ++k) {
            const int64_t v = attrs.values[k];
            if (acc[v] == 0.0) touched.push_back(v);
            acc[v] += w * attrs.shares[k];
        }
    }

    // Appends this user's entries (attribute asc, strength desc, value text asc) and resets.
    void flush(int64_t group, std::vector<Entry>& out) {
        std::sort(touched.begin(), touched.end(), [&](int64_t a, int64_t b) {
            const int64_t aa = attrs.value_attribute[a], ab = attrs.value_attribute[b];
            if (aa != ab) return aa < ab;
            if (acc[a] != acc[b]) return acc[a] > acc[b];
            return attrs.value_text[a] < attrs.value_text[b];
        });
        for (int64_t v : touched) attribute_sum[attrs.value_attribute[v]] += acc[v];
        for (int64_t v : touched) {
            if (acc[v] > 0)
                out.push_back({group, v, acc[v], acc[v] / attribute_sum[attrs.value_attribute[v]]});
            population[v] += acc[v];
            acc[v] = 0.0;
        }
        touched.clear();
        std::fill(attribute_sum.begin(), attribute_sum.end(), 0.0);
    }
};

// Unique text codes for the value ids (equal texts in two attributes share a code).
std::vector<int64_t> value_codes(const ItemAttributes& attrs, std::vector<std::string>& dict) {
    std::unordered_map<std::string, int64_t> code_of;  // per distinct value, not per row
    std::vector<int64_t> codes(attrs.value_text.size());
    for (size_t v = 0; v < codes.size(); ++v) {
        auto [it, fresh] = code_of.emplace(attrs.value_text[v], static_cast<int64_t>(dict.size()));
        if (fresh) dict.push_back(attrs.value_text[v]);
        codes[v] = it->second;
    }
    return codes;
}

// Per value: lift = weight / population share of the value within its attribute.
std::vector<double> lifts(const ItemAttributes& attrs, const std::vector<double>& population,
                          const std::vector<Entry>& entries) {
    std::vector<double> attr_total(attrs.attribute_names.size(), 0.0);
    for (size_t v = 0; v < population.size(); ++v) attr_total[attrs.value_attribute[v]] += population[v];
    std::vector<double> out(entries.size());
    for (size_t i = 0; i < entries.size(); ++i) {
        const int64_t v = entries[i].value;
        const double share = population[v] / attr_total[attrs.value_attribute[v]];
        out[i] = share > 0 ? entries[i].weight / share : std::nan("");
    }
    return out;
}

Table interests_table(const UserRows& users, const ItemAttributes& attrs, const std::vector<Entry>& entries,
                      const std::vector<double>& lift, const std::vector<int64_t>& codes,
                      const std::vector<std::string>& dict) {
    const size_t n = entries.size();
    std::vector<int64_t> user(n), attribute(n), value(n);
    std::vector<double> weight(n), strength(n);
    for (size_t i = 0; i < n; ++i) {
        user[i] = users.users[entries[i].group];
        attribute[i] = attrs.value_attribute[entries[i].value];
        value[i] = codes[entries[i].value];
        weight[i] = entries[i].weight;
        strength[i] = entries[i].strength;
    }
    Table t;
    t.add_int64("user", std::move(user));
    t.add_string_codes("attribute", std::move(attribute), attrs.attribute_names);
    t.add_string_codes("value", std::move(value), dict);
    t.add_float64("weight", std::move(weight));
    t.add_float64("strength", std::move(strength));
    t.add_float64("lift", lift);
    return t;
}

// Top tags per user: the top_n entries by weight (ties: lift, then attribute order) with weight >= min_weight,
// and the strongest value of each attribute in the same order.
Table top_table(const UserRows& users, const ItemAttributes& attrs, const std::vector<Entry>& entries,
                const std::vector<double>& lift, const std::vector<int64_t>& codes, const std::vector<std::string>& dict,
                int64_t top_n, double min_weight) {
    const size_t k = attrs.attribute_names.size();
    std::vector<int64_t> user;
    std::vector<std::vector<int64_t>> top_value(k);
    StringColumnBuilder tags;
    std::vector<size_t> pick;
    for (size_t begin = 0; begin < entries.size();) {
        size_t end = begin;
        while (end < entries.size() && entries[end].group == entries[begin].group) ++end;
        user.push_back(users.users[entries[begin].group]);
        for (auto& col : top_value) col.push_back(kNullCode);
        // One order for both: by weight, ties by lift, then entry order.
        auto before = [&](size_t a, size_t b) {
            if (entries[a].weight != entries[b].weight) return entries[a].weight > entries[b].weight;
            return lift[a] > lift[b];
        };
        pick.clear();
        std::vector<size_t> best(k, entries.size());
        for (size_t i = begin; i < end; ++i) {
            size_t& b = best[attrs.value_attribute[entries[i].value]];
            if (b == entries.size() || before(i, b)) b = i;
            if (entries[i].weight >= min_weight) pick.push_back(i);
        }
        for (size_t a = 0; a < k; ++a)
            if (best[a] != entries.size()) top_value[a].back() = codes[entries[best[a]].value];
        std::stable_sort(pick.begin(), pick.end(), before);
        std::string text;
        for (size_t j = 0; j < pick.size() && j < static_cast<size_t>(top_n); ++j) {
            const Entry& e = entries[pick[j]];
            text += (j ? "," : "") + attrs.attribute_names[attrs.value_attribute[e.value]] + ":" + attrs.value_text[e.value];
        }
        tags.push(text);
        begin = end;
    }
    Table t;
    t.add_int64("user", std::move(user));
    t.add(tags.finish("top_interests"));
    for (size_t a = 0; a < k; ++a) t.add_string_codes("top_" + attrs.attribute_names[a], std::move(top_value[a]), dict);
    return t;
}

AttributeSpec attribute_spec(const Params& params) {
    AttributeSpec spec;
    spec.columns = params.texts("attributes");
    spec.separator = params.text("separator");
    spec.price_column = params.text("item_price");
    spec.price_bands = params.numbers("price_bands");
    if (spec.columns.empty() && spec.price_bands.empty())
        throw Error(std::string(kOp) + ": nothing to profile; set 'attributes' (item columns) and/or 'price_bands'");
    return spec;
}

Outputs run_interests(Context& ctx, const Inputs& inputs, const Params& params) {
    const Table& events = inputs.table("events");
    const Table& items = inputs.table("items");
    const EventColumns ev = read_event_columns(events, params, kOp, {true, false, false, false});
    const std::vector<int64_t>& event_item = require_int64(events, params.text("item"), {kOp, "item"}).ints;
    const IdIndex item_rows(require_int64(items, params.text("item"), {kOp, "item"}).ints);
    if (item_rows.repeated() > 0)
        throw Error(std::string(kOp) + ": the items table has item " + std::to_string(item_rows.first_repeated()) +
                    " more than once (" + std::to_string(item_rows.repeated()) + " repeated rows); one row per item");
    const ItemAttributes attrs = read_item_attributes(items, attribute_spec(params), kOp);
    const std::vector<double> weight_of_type = type_weights(ev, params.raw("type_weights"));
    const UserRows users = group_by_user(ev.user, ev.time.data(), ev.rows);
    const int64_t reference = reference_time(params.text("reference_date"), users.last_time, kOp);
    const double half_life = params.number("half_life_days") * kSecondsPerDay;
    const double decay = half_life > 0 ? std::log(2.0) / half_life : 0.0;
    const ColumnValues<int64_t>& time = ev.time;

    Accumulator acc(attrs);
    std::vector<Entry> entries;
    int64_t unknown = 0;
    for (int64_t g = 0; g < users.groups(); ++g) {
        for (int64_t i = users.start[g]; i < users.start[g + 1]; ++i) {
            const int64_t r = users.order[i];
            const int64_t row = item_rows.find(event_item[r]);
            if (row < 0) { ++unknown; continue; }
            double w = std::exp(-decay * static_cast<double>(std::max<int64_t>(0, reference - time[r])));
            if (ev.has_types && ev.types.code[r] >= 0) w *= weight_of_type[ev.types.code[r]];
            if (w > 0) acc.add(row, w);
        }
        acc.flush(g, entries);
    }
    report_skipped_events(ctx, users, events.rows());
    ctx.note("unknown_items", unknown);
    if (unknown > 0) ctx.warn(std::to_string(unknown) + " events name an item that is not in the items table");
    std::vector<std::string> dict;
    const std::vector<int64_t> codes = value_codes(attrs, dict);
    const std::vector<double> lift = lifts(attrs, acc.population, entries);
    Table top = top_table(users, attrs, entries, lift, codes, dict, params.integer("top_n"), params.number("min_weight"));
    ctx.note("users", top.rows());
    return {{"interests", make_artifact(interests_table(users, attrs, entries, lift, codes, dict))},
            {"top", make_artifact(std::move(top))}};
}

}  // namespace

void register_interests(Registry& registry) { registry.add_operator(interests_spec(), run_interests); }

}  // namespace persona::profiles
