#include "synthetic_world.h"

#include <algorithm>
#include <cmath>

namespace persona::sources {

namespace {

const char* const kCategoryNames[] = {"electronics", "books",  "fashion", "beauty", "home",       "sports",
                                      "toys",        "grocery", "garden", "music",  "automotive", "health"};

constexpr int64_t kGroupSize = 6;    // related items per group (co-viewed together)
constexpr double kZipfExponent = 1.1;

std::string category_name(int64_t c) {
    if (c < static_cast<int64_t>(std::size(kCategoryNames))) return kCategoryNames[c];
    return "category_" + std::to_string(c);
}

// Each item's category: every category gets at least one item, the rest follow uneven category sizes.
std::vector<int64_t> assign_categories(const SyntheticConfig& config, Rng& rng) {
    std::vector<double> size_weights(config.categories);
    for (auto& w : size_weights) w = rng.gamma(2.0);
    const WeightedSampler sizes(size_weights);
    std::vector<int64_t> category(config.items);
    for (int64_t i = 0; i < config.items; ++i) category[i] = i < config.categories ? i : sizes.sample(rng);
    rng.shuffle(category);
    return category;
}

}  // namespace

Catalog make_catalog(const SyntheticConfig& config, Rng& rng) {
    Catalog cat;
    const int64_t C = config.categories;
    for (int64_t c = 0; c < C; ++c) {
        cat.category_names.push_back(category_name(c));
        cat.category_cart_rate.push_back(rng.uniform(0.06, 0.14));
    }
    std::vector<double> log_median_price(C);
    for (auto& m : log_median_price) m = rng.uniform(std::log(5.0), std::log(150.0));

    cat.item_category = assign_categories(config, rng);
    cat.item_price.resize(config.items);
    cat.item_group.resize(config.items);
    cat.category_items.assign(C, {});
    for (int64_t i = 0; i < config.items; ++i) {
        const int64_t c = cat.item_category[i];
        const double price = std::exp(log_median_price[c] + 0.45 * rng.normal());
        cat.item_price[i] = std::max(0.5, std::round(price * 100.0) / 100.0);
        cat.category_items[c].push_back(i);
    }
    for (int64_t c = 0; c < C; ++c) {
        auto& members = cat.category_items[c];
        // Related groups: consecutive runs of the (id-ordered) members.
        for (size_t k = 0; k < members.size(); ++k) {
            if (k % kGroupSize == 0) cat.group_items.emplace_back();
            cat.item_group[members[k]] = static_cast<int64_t>(cat.group_items.size()) - 1;
            cat.group_items.back().push_back(members[k]);
        }
        // Popularity: Zipf over a random ranking of the members, independent of the groups.
        rng.shuffle(members);
        std::vector<double> weights(members.size());
        for (size_t r = 0; r < members.size(); ++r) weights[r] = 1.0 / std::pow(static_cast<double>(r + 1), kZipfExponent);
        cat.category_popularity.emplace_back(weights);
    }
    return cat;
}

namespace {

// Interest: most mass on the dominant category, the rest spread by a sparse Dirichlet draw.
void draw_interest(int64_t categories, Rng& rng, SyntheticUser& user) {
    user.dominant = rng.below(categories);
    std::vector<double> spread(categories);
    double total = 0;
    for (auto& s : spread) total += (s = rng.gamma(0.5));
    const double dominant_mass = rng.uniform(0.6, 0.85);
    user.interest.assign(categories, 0.0f);
    for (int64_t c = 0; c < categories; ++c) {
        double w = (1.0 - dominant_mass) * (total > 0 ? spread[c] / total : 1.0 / categories);
        if (c == user.dominant) w += dominant_mass;
        user.interest[c] = static_cast<float>(w);
    }
}

// Arrival, churn and an optional dormant spell, all inside the period.
void draw_lifecycle(const SyntheticConfig& config, Rng& rng, SyntheticUser& user) {
    const int64_t day = 86400;
    const int64_t arrival_days = std::max<int64_t>(1, config.days * 2 / 3);
    const int64_t signup_day = rng.chance(0.3) ? 0 : rng.below(arrival_days);
    user.signup_ts = config.start_ts + signup_day * day + rng.below(day);
    const int64_t remaining = config.days - signup_day - 1;
    user.churned = remaining > 0 && rng.chance(config.churn_rate);
    if (user.churned) {
        const int64_t churn_day = signup_day + 1 + rng.below(remaining);
        user.churn_ts = config.start_ts + churn_day * day + rng.below(day);
        user.activity *= 0.7;  // leavers were less engaged to begin with
    } else if (remaining > 14 && rng.chance(0.2)) {
        const int64_t gap_day = signup_day + 1 + rng.below(remaining - 7);
        user.gap_start_ts = config.start_ts + gap_day * day;
        user.gap_end_ts = user.gap_start_ts + (7 + rng.below(15)) * day;
    }
}

}  // namespace

std::vector<SyntheticUser> make_users(const SyntheticConfig& config, Rng& rng) {
    std::vector<SyntheticUser> users(config.users);
    for (auto& user : users) {
        draw_interest(config.categories, rng, user);
        user.budget = rng.lognormal(std::log(40.0), 0.6);
        user.activity = rng.lognormal(-0.32, 0.8);  // mean about 1
        draw_lifecycle(config, rng, user);
    }
    return users;
}

}  // namespace persona::sources
