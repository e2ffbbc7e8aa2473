// Per-customer summary of transactions for customer-base models: calibration frequency, recency and age
// (x, t_x, T), average repeat spend, and the purchases of a holdout period.
#pragma once
#include <cstdint>
#include <vector>

#include "bgnbd_model.h"
#include "transaction_rows.h"

namespace persona::value {

// The calibration and holdout periods and the time unit.
struct Periods {
    int64_t calibration_end_day = 0;  // UTC day number; purchases on this day belong to the calibration period
    int64_t holdout_end_day = 0;      // last day of the holdout (= calibration_end_day: no holdout)
    double unit_days = 7;             // 7 = weeks, 1 = days
    bool merge_same_day = true;       // all purchases of a customer on one UTC day are one purchase
};

// One row per customer whose first purchase is in the calibration period, sorted by user.
struct CustomerSummary {
    std::vector<int64_t> user;
    RfmData rfm;                             // x, t_x, T in units
    std::vector<double> avg_spend;           // mean value of the x repeat purchases; NaN when x = 0 or no amounts
    std::vector<int64_t> holdout_purchases;  // purchases in (calibration_end, holdout_end]
    std::vector<double> holdout_spend;       // their total value (NaN without amounts)
    int64_t customers_after_calibration = 0;  // first purchase after calibration_end: not modelled
    int64_t rows_merged = 0;                  // rows folded into an earlier purchase of the same day
    int64_t purchases_after_holdout = 0;      // purchases after holdout_end: ignored
};

// Builds the summary. With merge_same_day, purchase times are whole days (a purchase's time is its day's
// midnight, its value the day's total) and T runs from the first purchase day to calibration_end_day, as in
// FHL 2005 (a customer who first bought on 1997-01-01 has T = 272 / 7 = 38.86 weeks at 1997-09-30). Without
// merging, times are exact and T runs to the end of calibration_end_day (so t_x <= T always holds).
CustomerSummary summarize_customers(const Transactions& transactions, const Periods& periods);

}  // namespace persona::value
