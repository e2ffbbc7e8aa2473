#include "popularity_model.h"

#include <algorithm>
#include <cstring>

#include "persona/bytes.h"
#include "persona/error.h"
#include "persona/table.h"

namespace persona::models {

namespace {

constexpr const char* kMagic = "persona.popularity";
constexpr uint32_t kLayoutVersion = 1;

// Scores every item by its count; the same score row for every user.
class PopularityRecommender : public Recommender {
public:
    explicit PopularityRecommender(PopularityModel model) : model_(std::move(model)) {
        scores_.assign(model_.counts.begin(), model_.counts.end());
    }
    const std::vector<int64_t>& item_ids() const override { return model_.item_ids; }
    void score(const std::vector<UserHistory>& batch, float* scores) const override {
        const size_t n = scores_.size();
        for (size_t b = 0; b < batch.size(); ++b) std::memcpy(scores + b * n, scores_.data(), n * sizeof(float));
    }
private:
    PopularityModel model_;
    std::vector<float> scores_;
};

}  // namespace

PopularityModel count_items(const std::vector<int64_t>& items, const std::vector<int64_t>* times, int64_t cutoff,
                            int64_t& bad_rows) {
    bad_rows = 0;
    std::vector<std::pair<int64_t, int64_t>> item_and_hit;  // (item id, 1 if the row counts)
    item_and_hit.reserve(items.size());
    for (size_t row = 0; row < items.size(); ++row) {
        const bool bad = items[row] == kNullInt || (times && (*times)[row] == kNullInt);
        if (bad) {
            ++bad_rows;
            continue;
        }
        item_and_hit.emplace_back(items[row], times ? ((*times)[row] >= cutoff ? 1 : 0) : 1);
    }
    std::sort(item_and_hit.begin(), item_and_hit.end());
    PopularityModel model;
    for (size_t i = 0; i < item_and_hit.size(); ++i) {
        if (model.item_ids.empty() || model.item_ids.back() != item_and_hit[i].first) {
            model.item_ids.push_back(item_and_hit[i].first);
            model.counts.push_back(0);
        }
        model.counts.back() += item_and_hit[i].second;
    }
    return model;
}

std::string serialize_popularity(const PopularityModel& model) {
    ByteWriter out;
    out.put_string(kMagic);
    out.put<uint32_t>(kLayoutVersion);
    out.put_array(model.item_ids);
    out.put_array(model.counts);
    return out.take();
}

PopularityModel deserialize_popularity(const std::string& bytes) {
    ByteReader in(bytes);
    if (in.get_string() != kMagic) throw Error("popularity model: the bytes are not a popularity model");
    const uint32_t version = in.get<uint32_t>();
    if (version != kLayoutVersion)
        throw Error("popularity model: layout version " + std::to_string(version) + ", expected " +
                    std::to_string(kLayoutVersion));
    PopularityModel model;
    model.item_ids = in.get_array<int64_t>();
    model.counts = in.get_array<int64_t>();
    if (model.item_ids.size() != model.counts.size() || !in.done())
        throw Error("popularity model: item ids and counts differ in length or trailing bytes found");
    return model;
}

std::unique_ptr<Recommender> load_popularity_recommender(const Model& model) {
    return std::make_unique<PopularityRecommender>(deserialize_popularity(model.bytes));
}

}  // namespace persona::models
