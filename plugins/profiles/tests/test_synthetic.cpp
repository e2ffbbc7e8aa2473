// The profile operators on source.synthetic's seeded shop, whose users table holds the ground truth:
// interests must find each user's dominant category, lifecycle must tell churners from the others.
#include <catch2/catch.hpp>

#include <map>

#include "profiles_test_support.h"

using namespace persona;
using namespace persona::testing;

namespace {

Outputs synthetic_shop() {
    kernel::InvokeOptions options;
    options.seed = 7;
    return kernel::invoke(registry_with("persona_sources"), "source.synthetic", Inputs{},
                          {{"users", 600}, {"items", 300}, {"days", 120}, {"churn_rate", 0.3}}, options);
}

}  // namespace

TEST_CASE("synthetic shop: behavior funnel, interests find the dominant category, lifecycle finds churners",
          "[synthetic]") {
    const Outputs shop = synthetic_shop();
    const Table& events = shop.at("events")->table();
    const Table& users = shop.at("users")->table();
    const Table& items = shop.at("items")->table();

    // source.synthetic names the type column "event".
    const Table behavior = table_of(run_profile("profile.behavior", {{"events", events}}, {{"type", "event"}}), "profile");
    int64_t total = 0;
    for (int64_t n : ints(behavior, "events")) total += n;
    CHECK(total == events.rows());
    REQUIRE(behavior.has("view_to_cart"));
    REQUIRE(behavior.has("cart_to_purchase"));
    for (double rate : floats(behavior, "view_to_cart")) CHECK((std::isnan(rate) || rate >= 0));

    // Interests over the category (a string column): the strongest category should be the dominant one (60-85% of a
    // user's interest) for nearly every user with 20+ events.
    const Table top = table_of(run_profile("profile.interests", {{"events", events}, {"items", items}},
                                           {{"attributes", {"category"}}, {"type", "event"}, {"half_life_days", 0}}),
                               "top");
    std::map<int64_t, std::string> dominant;  // category names
    for (int64_t r = 0; r < users.rows(); ++r)
        dominant[ints(users, "user")[r]] = std::string(users.column("dominant_category").text(r));
    std::map<int64_t, int64_t> event_count;
    for (int64_t r = 0; r < behavior.rows(); ++r) event_count[ints(behavior, "user")[r]] = ints(behavior, "events")[r];
    int64_t judged = 0, found = 0;
    for (int64_t r = 0; r < top.rows(); ++r) {
        const int64_t u = ints(top, "user")[r];
        if (event_count[u] < 20) continue;
        ++judged;
        found += top.column("top_category").text(r) == dominant[u];
    }
    REQUIRE(judged > 100);
    const double hit_rate = static_cast<double>(found) / judged;
    INFO("dominant category found for " << found << " of " << judged);
    CHECK(hit_rate > 0.95);  // 522 of 526 with seed 7

    // Lifecycle on purchases (amount = price, one unit per purchase row): churned or at risk should be far
    // more common among the true churners than among the others.
    const Table lc = table_of(run_profile("profile.lifecycle", {{"events", events}}, {{"type", "event"}, {"amount", "price"}}),
                              "lifecycle");
    std::map<int64_t, bool> churned;
    for (int64_t r = 0; r < users.rows(); ++r) churned[ints(users, "user")[r]] = ints(users, "churned")[r] != 0;
    int64_t churners = 0, churners_flagged = 0, others = 0, others_flagged = 0;
    for (int64_t r = 0; r < lc.rows(); ++r) {
        const std::string stage(lc.column("stage").text(r));
        const bool flagged = stage == "churned" || stage == "at_risk";
        if (churned[ints(lc, "user")[r]]) ++churners, churners_flagged += flagged;
        else ++others, others_flagged += flagged;
    }
    REQUIRE(churners > 20);
    REQUIRE(others > 20);
    const double churner_share = static_cast<double>(churners_flagged) / churners;
    const double other_share = static_cast<double>(others_flagged) / others;
    INFO("flagged: churners " << churner_share << ", others " << other_share);
    CHECK(churner_share > 0.7);  // 0.82 with seed 7
    CHECK(other_share < 0.35);   // 0.20
}
