#include "rfm_scores.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "persona/error.h"

namespace persona::profiles {

std::vector<int64_t> quantile_scores(const std::vector<double>& values, int bins, bool higher_is_better) {
    const size_t n = values.size();
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    auto before = [&](size_t a, size_t b) { return higher_is_better ? values[a] < values[b] : values[a] > values[b]; };
    std::stable_sort(order.begin(), order.end(), before);
    std::vector<int64_t> scores(n, 1);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && values[order[j + 1]] == values[order[i]]) ++j;
        const double rank = (static_cast<double>(i + 1) + static_cast<double>(j + 1)) / 2.0;  // average position
        auto score = static_cast<int64_t>(std::ceil(bins * rank / static_cast<double>(n) - 1e-9));
        score = std::clamp<int64_t>(score, 1, bins);
        for (size_t k = i; k <= j; ++k) scores[order[k]] = score;
        i = j + 1;
    }
    return scores;
}

namespace {

Json box(int r_lo, int r_hi, int fm_lo, int fm_hi) {
    return Json{{"r", {r_lo, r_hi}}, {"fm", {fm_lo, fm_hi}}};
}

// [lo, hi] of a box side, checked to lie in 1..5.
void read_range(const Json& box_json, const char* key, const std::string& op, const std::string& segment, int& lo,
                int& hi) {
    const std::string where = op + ": parameter 'segments', segment '" + segment + "': ";
    if (!box_json.is_object() || !box_json.contains(key))
        throw Error(where + "expected {r: [lo, hi], fm: [lo, hi]}, got " + box_json.dump());
    const Json& range = box_json.at(key);
    if (!range.is_array() || range.size() != 2 || !range[0].is_number_integer() || !range[1].is_number_integer())
        throw Error(where + "'" + key + "' must be [lo, hi] with integers 1..5, got " + range.dump());
    lo = range[0].get<int>();
    hi = range[1].get<int>();
    if (lo < 1 || hi > 5 || lo > hi)
        throw Error(where + "'" + key + "' must be [lo, hi] with 1 <= lo <= hi <= 5, got " + range.dump());
}

}  // namespace

Json default_segments() {
    Json s = Json::object();
    s["Champions"] = box(4, 5, 4, 5);
    s["Loyal"] = Json::array({box(3, 3, 4, 5), box(4, 5, 3, 3)});
    s["Potential Loyalist"] = box(4, 5, 2, 2);
    s["New"] = box(5, 5, 1, 1);
    s["Promising"] = box(4, 4, 1, 1);
    s["Need Attention"] = box(3, 3, 3, 3);
    s["About to Sleep"] = box(3, 3, 1, 2);
    s["At Risk"] = Json::array({box(2, 2, 4, 5), box(1, 2, 3, 3)});
    s["Cannot Lose"] = box(1, 1, 4, 5);
    s["Hibernating"] = box(1, 2, 2, 2);
    s["Lost"] = box(1, 2, 1, 1);
    return s;
}

SegmentMap parse_segments(const Json& segments, const std::string& op) {
    SegmentMap map;
    for (auto& row : map.cell)
        for (auto& c : row) c = -1;
    for (const auto& [name, spec] : segments.items()) {
        const auto index = static_cast<int64_t>(map.names.size());
        map.names.push_back(name);
        const Json boxes = spec.is_array() ? spec : Json::array({spec});
        for (const Json& b : boxes) {
            int r_lo, r_hi, fm_lo, fm_hi;
            read_range(b, "r", op, name, r_lo, r_hi);
            read_range(b, "fm", op, name, fm_lo, fm_hi);
            for (int r = r_lo; r <= r_hi; ++r)
                for (int fm = fm_lo; fm <= fm_hi; ++fm) {
                    int64_t& cell = map.cell[r - 1][fm - 1];
                    if (cell >= 0)
                        throw Error(op + ": parameter 'segments': cell r=" + std::to_string(r) + " fm=" +
                                    std::to_string(fm) + " is in both '" + map.names[cell] + "' and '" + name +
                                    "'; every cell must belong to exactly one segment");
                    cell = index;
                }
        }
    }
    for (int r = 1; r <= 5; ++r)
        for (int fm = 1; fm <= 5; ++fm)
            if (map.cell[r - 1][fm - 1] < 0)
                throw Error(op + ": parameter 'segments': cell r=" + std::to_string(r) + " fm=" + std::to_string(fm) +
                            " belongs to no segment; the boxes must cover r 1..5 x fm 1..5");
    return map;
}

}  // namespace persona::profiles
