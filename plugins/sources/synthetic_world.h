// The hidden world of source.synthetic: the item catalog and the users' latent traits.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "synthetic_random.h"

namespace persona::sources {

// The generator's settings (from the operator's params).
struct SyntheticConfig {
    int64_t users = 1000;
    int64_t items = 500;
    int64_t categories = 12;
    int64_t days = 90;
    int64_t start_ts = 0;         // unix seconds of the first day's midnight (UTC)
    double churn_rate = 0.3;      // share of users who leave for good during the period
    double visits_per_day = 0.4;  // mean visits per active day of an average user
};

// Items: category, price, popularity within the category, and groups of related (co-viewed) items.
struct Catalog {
    std::vector<std::string> category_names;
    std::vector<double> category_cart_rate;              // base view -> cart probability per category
    std::vector<int64_t> item_category;                  // by item
    std::vector<double> item_price;                      // by item
    std::vector<int64_t> item_group;                     // by item: its group of related items
    std::vector<std::vector<int64_t>> category_items;    // items of each category
    std::vector<WeightedSampler> category_popularity;    // Zipf over category_items
    std::vector<std::vector<int64_t>> group_items;       // items of each related group
};

// One user's latent traits (the ground truth the users table reports).
struct SyntheticUser {
    int64_t dominant = 0;           // the category holding most of the interest
    std::vector<float> interest;    // weight per category, sums to 1
    double budget = 40;             // typical price the user is comfortable with
    double activity = 1;            // multiplier on visits_per_day
    int64_t signup_ts = 0;
    bool churned = false;
    int64_t churn_ts = 0;           // only when churned: no event at or after it
    int64_t gap_start_ts = -1;      // a dormant spell [gap_start_ts, gap_end_ts) with no visits, or -1
    int64_t gap_end_ts = -1;
};

Catalog make_catalog(const SyntheticConfig& config, Rng& rng);
std::vector<SyntheticUser> make_users(const SyntheticConfig& config, Rng& rng);

}  // namespace persona::sources
