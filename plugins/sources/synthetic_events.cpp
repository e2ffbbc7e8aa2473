#include "synthetic_events.h"

#include <algorithm>
#include <cmath>

namespace persona::sources {

namespace {

constexpr int64_t kDay = 86400;
constexpr double kContinueSession = 0.75;  // chance of one more view: about 4 views per visit
constexpr int kMaxViews = 30;
constexpr double kStayInCategory = 0.85;   // consecutive views mostly stay in one category
constexpr double kRelatedNext = 0.6;       // ... and often move to a related item
constexpr int64_t kFadeDays = 14;          // leavers visit less and less over their last two weeks

// Relative visit weight per hour of day (UTC): quiet nights, a lunch bump, busy evenings.
const double kHourWeights[24] = {0.6, 0.35, 0.2, 0.15, 0.12, 0.15, 0.3, 0.6, 0.9, 1.0, 1.0, 1.1,
                                 1.3, 1.2,  1.0, 1.0,  1.1,  1.3,  1.7, 2.1, 2.4, 2.3, 1.8, 1.1};

// Visit multiplier per weekday, Sunday first: weekends are busier.
const double kWeekdayWeights[7] = {1.35, 0.9, 1.0, 1.0, 1.0, 1.05, 1.3};

// Simulates one user; the scratch vector is reused across sessions.
class UserSimulator {
public:
    UserSimulator(const SyntheticConfig& config, const Catalog& catalog, const SyntheticUser& user, int64_t user_id,
                  Rng& rng, std::vector<SyntheticEvent>& out)
        : config_(config), catalog_(catalog), user_(user), user_id_(user_id), rng_(rng), out_(out),
          hours_(std::vector<double>(std::begin(kHourWeights), std::end(kHourWeights))) {
        carted_.reserve(kMaxViews);
    }

    void run() {
        const int64_t first_day = (user_.signup_ts - config_.start_ts) / kDay;
        for (int64_t day = first_day; day < config_.days; ++day) {
            const int64_t day_start = config_.start_ts + day * kDay;
            if (user_.churned && day_start >= user_.churn_ts) break;
            if (day_start >= user_.gap_start_ts && day_start < user_.gap_end_ts) continue;
            const int64_t visits = rng_.poisson(visit_rate(day_start));
            for (int64_t v = 0; v < visits; ++v) {
                const int64_t ts = day_start + hours_.sample(rng_) * 3600 + rng_.below(3600);
                if (ts < user_.signup_ts) continue;
                visit(ts);
            }
        }
    }

private:
    double visit_rate(int64_t day_start) const {
        const int64_t weekday = ((day_start / kDay) % 7 + 11) % 7;  // 1970-01-01 was a Thursday (4)
        double rate = config_.visits_per_day * user_.activity * kWeekdayWeights[weekday];
        if (user_.churned) {
            const double days_left = static_cast<double>(user_.churn_ts - day_start) / kDay;
            if (days_left < kFadeDays) rate *= 0.25 + 0.75 * days_left / kFadeDays;
        }
        return rate;
    }

    // Affordability in (0, 1): near 1 for items well under the user's budget.
    double affordability(double price) const { return 1.0 / (1.0 + std::pow(price / user_.budget, 1.5)); }

    void emit(int64_t ts, int64_t item, EventKind kind) {
        if (user_.churned && ts >= user_.churn_ts) return;
        out_.push_back({ts, user_id_, item, seq_++, kind});
    }

    int64_t pick_category() {
        double x = rng_.uniform();
        for (size_t c = 0; c + 1 < user_.interest.size(); ++c) {
            x -= user_.interest[c];
            if (x < 0) return static_cast<int64_t>(c);
        }
        return static_cast<int64_t>(user_.interest.size()) - 1;
    }

    int64_t popular_item(int64_t category) {
        return catalog_.category_items[category][catalog_.category_popularity[category].sample(rng_)];
    }

    int64_t related_item(int64_t item) {
        const auto& group = catalog_.group_items[catalog_.item_group[item]];
        if (group.size() < 2) return item;
        const int64_t k = rng_.below(static_cast<int64_t>(group.size()) - 1);
        return group[k] == item ? group.back() : group[k];
    }

    // One browsing session: views wander within categories; some views are carted; carts may be bought at the end.
    void visit(int64_t ts) {
        carted_.clear();
        int64_t category = pick_category();
        int64_t item = popular_item(category);
        for (int views = 0; views < kMaxViews; ++views) {
            emit(ts, item, EventKind::View);
            const double price = catalog_.item_price[item];
            double p_cart = catalog_.category_cart_rate[category] * (0.5 + affordability(price));
            if (category == user_.dominant) p_cart *= 1.5;
            if (rng_.chance(p_cart)) {
                emit(ts + 5 + rng_.below(25), item, EventKind::Cart);
                carted_.push_back(item);
            }
            ts += 30 + static_cast<int64_t>(rng_.exponential(60.0));
            if (!rng_.chance(kContinueSession)) break;
            if (rng_.chance(kStayInCategory)) {
                item = rng_.chance(kRelatedNext) ? related_item(item) : popular_item(category);
            } else {
                category = pick_category();
                item = popular_item(category);
            }
        }
        for (int64_t carted : carted_) {
            const double p_buy = 0.1 + 0.5 * affordability(catalog_.item_price[carted]);
            if (rng_.chance(p_buy)) emit(ts + 30 + rng_.below(90), carted, EventKind::Purchase);
        }
    }

    const SyntheticConfig& config_;
    const Catalog& catalog_;
    const SyntheticUser& user_;
    int64_t user_id_;
    Rng& rng_;
    std::vector<SyntheticEvent>& out_;
    WeightedSampler hours_;
    std::vector<int64_t> carted_;
    int32_t seq_ = 0;
};

}  // namespace

void simulate_user(const SyntheticConfig& config, const Catalog& catalog, const SyntheticUser& user, int64_t user_id,
                   Rng& rng, std::vector<SyntheticEvent>& out) {
    UserSimulator(config, catalog, user, user_id, rng, out).run();
}

}  // namespace persona::sources
