#include "customer_summary.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "calendar.h"

namespace persona::value {

namespace {

// One purchase of one customer.
struct Purchase {
    int64_t ts;
    double amount;
};

// Row indices ordered by (user, time, row).
std::vector<size_t> user_time_order(const Transactions& t) {
    std::vector<size_t> order(t.user.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t i, size_t j) {
        return t.user[i] != t.user[j] ? t.user[i] < t.user[j] : t.ts[i] < t.ts[j];
    });
    return order;
}

// The purchases of rows order[begin, end) (one customer), merged by day when asked; counts the merged rows.
std::vector<Purchase> purchases_of(const Transactions& t, const std::vector<size_t>& order, size_t begin, size_t end,
                                   bool merge_same_day, int64_t& rows_merged) {
    std::vector<Purchase> out;
    for (size_t k = begin; k < end; ++k) {
        const size_t row = order[k];
        const double amount = t.has_amount ? t.amount[row] : std::nan("");
        if (!merge_same_day) {
            out.push_back({t.ts[row], amount});
            continue;
        }
        const int64_t midnight = day_number(t.ts[row]) * kSecondsPerDay;
        if (!out.empty() && out.back().ts == midnight) {
            out.back().amount += amount;
            ++rows_merged;
        } else {
            out.push_back({midnight, amount});
        }
    }
    return out;
}

}  // namespace

CustomerSummary summarize_customers(const Transactions& transactions, const Periods& periods) {
    CustomerSummary s;
    const std::vector<size_t> order = user_time_order(transactions);
    const double unit_seconds = periods.unit_days * static_cast<double>(kSecondsPerDay);
    const int64_t calibration_end_ts =
        (periods.calibration_end_day + (periods.merge_same_day ? 0 : 1)) * kSecondsPerDay;
    for (size_t begin = 0; begin < order.size();) {
        size_t end = begin;
        const int64_t user = transactions.user[order[begin]];
        while (end < order.size() && transactions.user[order[end]] == user) ++end;
        const std::vector<Purchase> p =
            purchases_of(transactions, order, begin, end, periods.merge_same_day, s.rows_merged);
        begin = end;
        if (day_number(p.front().ts) > periods.calibration_end_day) {
            ++s.customers_after_calibration;
            continue;
        }
        size_t in_calibration = 0;
        while (in_calibration < p.size() && day_number(p[in_calibration].ts) <= periods.calibration_end_day) ++in_calibration;
        const int64_t x = static_cast<int64_t>(in_calibration) - 1;
        double repeat_spend = 0;
        for (size_t k = 1; k < in_calibration; ++k) repeat_spend += p[k].amount;
        int64_t holdout = 0;
        double holdout_spend = 0;
        for (size_t k = in_calibration; k < p.size(); ++k) {
            if (day_number(p[k].ts) > periods.holdout_end_day) {
                ++s.purchases_after_holdout;
                continue;
            }
            ++holdout;
            holdout_spend += p[k].amount;
        }
        const int64_t first = p.front().ts;
        s.user.push_back(user);
        s.rfm.x.push_back(x);
        s.rfm.t_x.push_back(static_cast<double>(p[in_calibration - 1].ts - first) / unit_seconds);
        s.rfm.T.push_back(static_cast<double>(calibration_end_ts - first) / unit_seconds);
        s.avg_spend.push_back(x > 0 ? repeat_spend / static_cast<double>(x) : std::nan(""));
        s.holdout_purchases.push_back(holdout);
        s.holdout_spend.push_back(transactions.has_amount ? holdout_spend : std::nan(""));
    }
    return s;
}

}  // namespace persona::value
