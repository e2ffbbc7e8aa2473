// source.synthetic: a seeded e-commerce event generator with its ground truth (users' interests, churn).
#include <algorithm>

#include "persona/error.h"
#include "sources.h"
#include "synthetic_events.h"
#include "synthetic_world.h"
#include "value_parse.h"

namespace persona::sources {

namespace {

SyntheticConfig config_from(const Params& params) {
    SyntheticConfig config;
    config.users = params.integer("users");
    config.items = params.integer("items");
    config.categories = params.integer("categories");
    config.days = params.integer("days");
    config.churn_rate = params.number("churn_rate");
    config.visits_per_day = params.number("events_per_day");
    if (config.items < config.categories)
        throw Error("parameter 'items': expected at least as many items as categories (" +
                    std::to_string(config.categories) + "), got " + std::to_string(config.items));
    const std::string start = params.text("start");
    if (!parse_datetime(start, DateFormats::IsoOnly, config.start_ts))
        throw Error("parameter 'start': expected a date such as \"2024-01-01\", got \"" + start + "\"");
    config.start_ts -= config.start_ts % 86400;
    return config;
}

// All users' events, sorted by (ts, user).
std::vector<SyntheticEvent> simulate_all(const SyntheticConfig& config, const Catalog& catalog,
                                         const std::vector<SyntheticUser>& users, uint64_t seed, Context& ctx) {
    std::vector<SyntheticEvent> events;
    events.reserve(static_cast<size_t>(config.users * config.days * config.visits_per_day * 5 + 1024));
    for (int64_t u = 0; u < config.users; ++u) {
        Rng rng(mix_seed(seed, 1000 + static_cast<uint64_t>(u)));
        simulate_user(config, catalog, users[u], u, rng, events);
        if ((u & 1023) == 1023) {
            ctx.check_cancelled();
            ctx.progress(0.8 * u / config.users, "simulating users");
        }
    }
    std::sort(events.begin(), events.end(), [](const SyntheticEvent& a, const SyntheticEvent& b) {
        if (a.ts != b.ts) return a.ts < b.ts;
        if (a.user != b.user) return a.user < b.user;
        return a.seq < b.seq;
    });
    return events;
}

Table events_table(const std::vector<SyntheticEvent>& events, const Catalog& catalog) {
    const size_t n = events.size();
    std::vector<int64_t> user(n), item(n), kind(n), ts(n), category(n);
    std::vector<double> price(n);
    for (size_t i = 0; i < n; ++i) {
        const SyntheticEvent& e = events[i];
        user[i] = e.user;
        item[i] = e.item;
        kind[i] = static_cast<int64_t>(e.kind);
        ts[i] = e.ts;
        price[i] = catalog.item_price[e.item];
        category[i] = catalog.item_category[e.item];
    }
    Table t;
    t.add_int64("user", std::move(user));
    t.add_int64("item", std::move(item));
    t.add_string_codes("event", std::move(kind), {"view", "cart", "purchase"});
    t.add_int64("ts", std::move(ts));
    t.add_float64("price", std::move(price));
    t.add_string_codes("category", std::move(category), catalog.category_names);
    return t;
}

Table users_table(const std::vector<SyntheticUser>& users, const Catalog& catalog) {
    const size_t n = users.size();
    const int64_t width = static_cast<int64_t>(catalog.category_names.size());
    std::vector<int64_t> id(n), dominant(n), churned(n), churn_ts(n), signup_ts(n);
    std::vector<double> budget(n), activity(n);
    std::vector<float> interest;
    interest.reserve(n * width);
    for (size_t u = 0; u < n; ++u) {
        const SyntheticUser& s = users[u];
        id[u] = static_cast<int64_t>(u);
        dominant[u] = s.dominant;
        interest.insert(interest.end(), s.interest.begin(), s.interest.end());
        budget[u] = s.budget;
        activity[u] = s.activity;
        churned[u] = s.churned ? 1 : 0;
        churn_ts[u] = s.churned ? s.churn_ts : kNullInt;
        signup_ts[u] = s.signup_ts;
    }
    Table t;
    t.add_int64("user", std::move(id));
    t.add_string_codes("dominant_category", std::move(dominant), catalog.category_names);
    t.add_vector("interest", width, std::move(interest));
    t.add_float64("budget", std::move(budget));
    t.add_float64("activity", std::move(activity));
    t.add_int64("churned", std::move(churned));
    t.add_int64("churn_ts", std::move(churn_ts));
    t.add_int64("signup_ts", std::move(signup_ts));
    return t;
}

Table items_table(const Catalog& catalog) {
    const int64_t n = static_cast<int64_t>(catalog.item_category.size());
    std::vector<int64_t> id(n);
    for (int64_t i = 0; i < n; ++i) id[i] = i;
    Table t;
    t.add_int64("item", std::move(id));
    t.add_string_codes("category", catalog.item_category, catalog.category_names);
    t.add_float64("price", catalog.item_price);
    return t;
}

Outputs run_synthetic(Context& ctx, const Inputs&, const Params& params) {
    const SyntheticConfig config = config_from(params);
    Rng world_rng(mix_seed(ctx.seed(), 0));
    const Catalog catalog = make_catalog(config, world_rng);
    const std::vector<SyntheticUser> users = make_users(config, world_rng);
    const std::vector<SyntheticEvent> events = simulate_all(config, catalog, users, ctx.seed(), ctx);
    ctx.progress(0.9, "building tables");
    Table events_out = events_table(events, catalog);
    ctx.note("events", events_out.rows());
    ctx.progress(1.0, std::to_string(events_out.rows()) + " events");
    return {{"events", make_artifact(std::move(events_out))},
            {"users", make_artifact(users_table(users, catalog))},
            {"items", make_artifact(items_table(catalog))}};
}

}  // namespace

void register_synthetic_source(Registry& registry) {
    OperatorSpec spec;
    spec.name = "source.synthetic";
    spec.version = "0.1.0";
    spec.doc = "Generates seeded e-commerce events (views, carts, purchases) with known user interests and churn";
    spec.output("events", Kind::Table, "user, item, event (view|cart|purchase), ts, price, category; sorted by (ts, user)");
    spec.output("users", Kind::Table,
                "ground truth: user, dominant_category, interest (vector), budget, activity, churned, churn_ts, signup_ts");
    spec.output("items", Kind::Table, "item, category, price");
    spec.param("users", ParamType::Int, 1000, "number of users (ids 0..users-1)").range(1, 1e7);
    spec.param("items", ParamType::Int, 500, "number of items (ids 0..items-1)").range(1, 1e7);
    spec.param("categories", ParamType::Int, 12, "number of item categories").range(1, 10000);
    spec.param("days", ParamType::Int, 90, "length of the period in days").range(1, 3650);
    spec.param("start", ParamType::String, "2024-01-01", "first day of the period (YYYY-MM-DD, UTC)");
    spec.param("churn_rate", ParamType::Float, 0.3, "share of users who leave for good during the period").range(0, 1);
    spec.param("events_per_day", ParamType::Float, 0.4,
               "mean visits (sessions of about 4 views) per active day of an average user")
        .range(0, 100);
    registry.add_operator(std::move(spec), run_synthetic);
}

}  // namespace persona::sources
