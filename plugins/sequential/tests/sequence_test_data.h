// Test data for the sequence models: a planted next-item rule, a leave-one-out split, and ranking helpers.
#pragma once
#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "persona/kernel/invoke.h"
#include "persona/kernel/params.h"
#include "persona/kernel/step_context.h"
#include "persona/persona.h"

namespace persona::sequential::testing {

// Item k of the planted catalogue has id 1000 + 3 k (ids with gaps, to exercise the id map).
inline int64_t planted_item_id(int64_t k) { return 1000 + 3 * k; }

// The planted rule: k is followed by (7 k + 3) mod 101. It has the fixed point 50 and one cycle through the
// other 100 items; walks start off the fixed point and are shorter than 100, so no history repeats an item.
constexpr int64_t kPlantedModulus = 101;
constexpr int64_t kPlantedFixedPoint = 50;
constexpr int64_t kPlantedItems = 100;  // items that occur
inline int64_t planted_next(int64_t k) { return (7 * k + 3) % kPlantedModulus; }

// Interactions as parallel columns (one row each).
struct Interactions {
    std::vector<int64_t> user, item, ts;
    std::vector<std::string> type;  // empty when untyped
    void add(int64_t u, int64_t i, int64_t t) { user.push_back(u); item.push_back(i); ts.push_back(t); }
    Table table() const {
        Table t;
        t.add_int64("user", user);
        t.add_int64("item", item);
        t.add_int64("ts", ts);
        if (!type.empty()) t.add_string("event", type);
        return t;
    }
};

// A leave-one-out split: per user, the last item to test, the one before to valid, the rest to train.
struct PlantedSplit {
    Interactions train, valid, test;
};

// `users` users, each a walk of 7..12 items along the planted rule from a random start (seeded).
inline PlantedSplit planted_split(int64_t users, uint64_t seed = 11, bool with_types = false) {
    std::mt19937_64 rng(seed);
    PlantedSplit split;
    for (int64_t u = 1; u <= users; ++u) {
        int64_t k = static_cast<int64_t>(rng() % kPlantedModulus);
        if (k == kPlantedFixedPoint) k = planted_next(0);
        const int64_t length = 7 + static_cast<int64_t>(rng() % 6);
        for (int64_t step = 0; step < length; ++step, k = planted_next(k)) {
            Interactions& part = step == length - 1 ? split.test : step == length - 2 ? split.valid : split.train;
            part.add(u, planted_item_id(k), 100 * step);
            if (with_types) part.type.push_back(step % 3 == 0 ? "view" : "buy");
        }
    }
    return split;
}

// How many distinct items the interactions hold.
inline int64_t distinct_items(const Interactions& a) {
    std::vector<int64_t> items = a.item;
    std::sort(items.begin(), items.end());
    return std::unique(items.begin(), items.end()) - items.begin();
}

// Per user (ascending id), its items in row order.
inline std::map<int64_t, std::vector<int64_t>> histories(const Interactions& a, const Interactions* b = nullptr) {
    std::map<int64_t, std::vector<int64_t>> out;
    for (size_t r = 0; r < a.user.size(); ++r) out[a.user[r]].push_back(a.item[r]);
    if (b)
        for (size_t r = 0; r < b->user.size(); ++r) out[b->user[r]].push_back(b->item[r]);
    return out;
}

// HR@10 of a recommender on the test items, with each user's history (train + valid) masked.
inline double hit_rate_at_10(const Recommender& rec, const PlantedSplit& split) {
    const auto seen = histories(split.train, &split.valid);
    const std::vector<int64_t>& ids = rec.item_ids();
    std::vector<float> scores(ids.size());
    int64_t hits = 0;
    for (size_t r = 0; r < split.test.user.size(); ++r) {
        const std::vector<int64_t>& h = seen.at(split.test.user[r]);
        rec.score({UserHistory{split.test.user[r], h.data(), static_cast<int64_t>(h.size())}}, scores.data());
        for (size_t c = 0; c < ids.size(); ++c)
            if (std::find(h.begin(), h.end(), ids[c]) != h.end()) scores[c] = -1e30f;
        const size_t target = std::find(ids.begin(), ids.end(), split.test.item[r]) - ids.begin();
        if (target == ids.size()) continue;
        int64_t above = 0;
        for (size_t c = 0; c < ids.size(); ++c) above += scores[c] >= scores[target];
        hits += above <= 10;
    }
    return static_cast<double>(hits) / static_cast<double>(split.test.user.size());
}

// HR@10 of the most-popular train+valid items (history masked): the baseline the planted rule must beat.
inline double popularity_hit_rate_at_10(const PlantedSplit& split) {
    std::map<int64_t, int64_t> counts;
    for (int64_t i : split.train.item) ++counts[i];
    for (int64_t i : split.valid.item) ++counts[i];
    const auto seen = histories(split.train, &split.valid);
    int64_t hits = 0;
    for (size_t r = 0; r < split.test.user.size(); ++r) {
        const std::vector<int64_t>& h = seen.at(split.test.user[r]);
        std::vector<std::pair<int64_t, int64_t>> ranked;  // (-count, item) for unseen items
        for (const auto& [item, n] : counts)
            if (std::find(h.begin(), h.end(), item) == h.end()) ranked.emplace_back(-n, item);
        std::sort(ranked.begin(), ranked.end());
        for (size_t j = 0; j < ranked.size() && j < 10; ++j) hits += ranked[j].second == split.test.item[r];
    }
    return static_cast<double>(hits) / static_cast<double>(split.test.user.size());
}

// Runs an operator like kernel::invoke (one thread by default: these models are tiny) and also returns
// the notes it recorded.
struct RunResult {
    Outputs outputs;
    Json notes;
};
inline RunResult run_operator(const kernel::PluginRegistry& registry, const std::string& op, const Inputs& inputs,
                              const Json& params, uint64_t seed = 1, const std::string& device = "cpu",
                              int threads = 1) {
    const kernel::RegisteredOperator& reg = registry.get(op);
    Params resolved(kernel::resolve_params(reg.spec, params));
    kernel::StepContext context(registry, "step", device, seed, threads);
    Outputs outputs = reg.run(context, inputs, resolved);
    return {std::move(outputs), context.notes()};
}

// Inputs train (and valid when given).
inline Inputs train_valid(const Table& train, const Table* valid = nullptr) {
    Inputs in;
    in.ports["train"].push_back(Input{"split", make_artifact(train)});
    if (valid) in.ports["valid"].push_back(Input{"split", make_artifact(*valid)});
    return in;
}

}  // namespace persona::sequential::testing
