// profile.rfm: recency, frequency, monetary per customer, quantile scores 1..5 and named segments.
#include <cmath>

#include "calendar.h"
#include "event_columns.h"
#include "operators.h"
#include "persona/context.h"
#include "rfm_scores.h"
#include "user_rows.h"

namespace persona::profiles {

namespace {

constexpr const char* kOp = "profile.rfm";

OperatorSpec rfm_spec() {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.1.0";
    spec.doc = "RFM: recency, frequency, monetary per customer, 1-5 quantile scores, rfm_score and segment";
    spec.input("events", Kind::Table, "purchase events: user, ts, amount, optional invoice and type");
    spec.output("rfm", Kind::Table,
                "user, recency_days, frequency, monetary, r_score, f_score, m_score, fm_score, rfm_score, segment, "
                "last_purchase");
    spec.output("segments", Kind::Table, "segment, users, share, recency_mean, frequency_mean, monetary_mean");
    add_user_time_params(spec);
    add_type_params(spec);
    add_invoice_param(spec);
    add_amount_param(spec);
    add_reference_param(spec);
    spec.param("segments", ParamType::Map, default_segments(),
               "segment name -> {r: [lo, hi], fm: [lo, hi]} (or a list of such boxes), covering the 5x5 grid once");
    return spec;
}

// The raw R, F, M of customers with at least one order row.
struct RfmValues {
    std::vector<int64_t> users, recency, frequency, last_purchase;
    std::vector<double> monetary;
};

RfmValues measure(const EventColumns& ev, const UserRows& users, int64_t reference) {
    RfmValues out;
    std::vector<int64_t> invoice_owner(ev.has_invoice ? ev.invoice.count : 0, -1);
    const ColumnValues<int64_t>& time = ev.time;
    for (int64_t g = 0; g < users.groups(); ++g) {
        int64_t orders = 0, last = kNullInt;
        double money = 0;
        for (int64_t i = users.start[g]; i < users.start[g + 1]; ++i) {
            const int64_t r = users.order[i];
            if (!ev.is_purchase(r)) continue;
            if (!std::isnan(ev.amount[r])) money += ev.amount[r];
            if (!ev.is_order_row(r)) continue;
            last = time[r];
            if (!ev.has_invoice) ++orders;
            else if (ev.invoice.id[r] >= 0 && invoice_owner[ev.invoice.id[r]] != g)
                invoice_owner[ev.invoice.id[r]] = g, ++orders;
        }
        if (last == kNullInt) continue;  // no purchase: no RFM
        out.users.push_back(users.users[g]);
        out.recency.push_back(floor_div(reference - last, kSecondsPerDay));
        out.frequency.push_back(orders);
        out.monetary.push_back(money);
        out.last_purchase.push_back(last);
    }
    return out;
}

std::vector<double> as_doubles(const std::vector<int64_t>& v) { return std::vector<double>(v.begin(), v.end()); }

// "545": the R, F and M digits, as codes into the 125 possible strings.
Column rfm_strings(const std::vector<int64_t>& r, const std::vector<int64_t>& f, const std::vector<int64_t>& m) {
    std::vector<std::string> dict;
    for (int a = 1; a <= 5; ++a)
        for (int b = 1; b <= 5; ++b)
            for (int c = 1; c <= 5; ++c) dict.push_back(std::to_string(a * 100 + b * 10 + c));
    Column col;
    col.name = "rfm_score";
    col.type = ColumnType::String;
    col.dict = std::move(dict);
    col.ints.resize(r.size());
    for (size_t i = 0; i < r.size(); ++i) col.ints[i] = (r[i] - 1) * 25 + (f[i] - 1) * 5 + (m[i] - 1);
    return col;
}

Table segment_summary(const SegmentMap& map, const std::vector<int64_t>& segment, const RfmValues& v) {
    const size_t k = map.names.size(), n = segment.size();
    std::vector<int64_t> users(k, 0);
    std::vector<double> share(k), rec(k, 0), freq(k, 0), money(k, 0);
    for (size_t i = 0; i < n; ++i) {
        const int64_t s = segment[i];
        ++users[s];
        rec[s] += static_cast<double>(v.recency[i]);
        freq[s] += static_cast<double>(v.frequency[i]);
        money[s] += v.monetary[i];
    }
    for (size_t s = 0; s < k; ++s) {
        share[s] = n ? static_cast<double>(users[s]) / n : 0.0;
        const double d = users[s] ? static_cast<double>(users[s]) : std::nan("");
        rec[s] /= d, freq[s] /= d, money[s] /= d;
    }
    std::vector<int64_t> codes(k);
    for (size_t s = 0; s < k; ++s) codes[s] = static_cast<int64_t>(s);
    Table t;
    t.add_string_codes("segment", std::move(codes), map.names);
    t.add_int64("users", std::move(users));
    t.add_float64("share", std::move(share));
    t.add_float64("recency_mean", std::move(rec));
    t.add_float64("frequency_mean", std::move(freq));
    t.add_float64("monetary_mean", std::move(money));
    return t;
}

Outputs run_rfm(Context& ctx, const Inputs& inputs, const Params& params) {
    const Table& table = inputs.table("events");
    const SegmentMap map = parse_segments(params.raw("segments"), kOp);
    const EventColumns ev = read_event_columns(table, params, kOp, {true, true, true, false});
    if (!ev.has_amount)
        throw Error(std::string(kOp) + ": monetary needs an amount column; the table has none named '" +
                    params.text("amount") + "' (columns: " + column_list(table) +
                    "); set 'amount' (e.g. amount: price when each purchase row is one unit)");
    const UserRows users = group_by_user(ev.user, ev.time.data(), ev.rows);
    report_skipped_events(ctx, users, table.rows());
    const int64_t reference = reference_time(params.text("reference_date"), users.last_time, kOp);
    RfmValues v = measure(ev, users, reference);
    ctx.note("customers", static_cast<int64_t>(v.users.size()));
    ctx.note("users_without_purchase", users.groups() - static_cast<int64_t>(v.users.size()));
    if (v.users.empty())
        throw Error(std::string(kOp) + ": no user has a purchase row (type '" + params.text("purchase") +
                    "' with a non-negative amount); rows: " + std::to_string(table.rows()));
    const auto r = quantile_scores(as_doubles(v.recency), 5, false);
    const auto f = quantile_scores(as_doubles(v.frequency), 5, true);
    const auto m = quantile_scores(v.monetary, 5, true);
    std::vector<int64_t> fm(r.size()), segment(r.size());
    for (size_t i = 0; i < r.size(); ++i) {
        fm[i] = fm_score(f[i], m[i]);
        segment[i] = map.cell[r[i] - 1][fm[i] - 1];
    }
    Table summary = segment_summary(map, segment, v);
    Table out;
    out.add_int64("user", std::move(v.users));
    out.add_int64("recency_days", std::move(v.recency));
    out.add_int64("frequency", std::move(v.frequency));
    out.add_float64("monetary", std::move(v.monetary));
    out.add_int64("r_score", r);
    out.add_int64("f_score", f);
    out.add_int64("m_score", m);
    out.add_int64("fm_score", std::move(fm));
    out.add(rfm_strings(r, f, m));
    out.add_string_codes("segment", std::move(segment), map.names);
    out.add_int64("last_purchase", std::move(v.last_purchase));
    return {{"rfm", make_artifact(std::move(out))}, {"segments", make_artifact(std::move(summary))}};
}

}  // namespace

void register_rfm(Registry& registry) { registry.add_operator(rfm_spec(), run_rfm); }

}  // namespace persona::profiles
