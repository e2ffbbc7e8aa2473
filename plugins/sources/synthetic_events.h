// The behaviour model of source.synthetic: daily visits, browsing sessions and the view -> cart -> purchase funnel.
#pragma once
#include <cstdint>
#include <vector>

#include "synthetic_world.h"

namespace persona::sources {

// The three event kinds, in funnel order.
enum class EventKind : uint8_t { View = 0, Cart = 1, Purchase = 2 };

// One generated event; `seq` orders a user's events that share a timestamp.
struct SyntheticEvent {
    int64_t ts;
    int64_t user;
    int64_t item;
    int32_t seq;
    EventKind kind;
};

// Appends all events of one user (signup to churn or the end of the period) to `out`.
void simulate_user(const SyntheticConfig& config, const Catalog& catalog, const SyntheticUser& user, int64_t user_id,
                   Rng& rng, std::vector<SyntheticEvent>& out);

}  // namespace persona::sources
