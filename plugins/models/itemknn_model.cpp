#include "itemknn_model.h"

#include <algorithm>
#include <unordered_map>

#include "persona/bytes.h"
#include "persona/error.h"

namespace persona::models {

namespace {

constexpr const char* kMagic = "persona.itemknn";
constexpr uint32_t kLayoutVersion = 1;

// Scores a candidate by the (recency-weighted) sum of its similarities to the user's history items.
class ItemKnnRecommender : public Recommender {
public:
    explicit ItemKnnRecommender(ItemKnnModel model) : model_(std::move(model)) {
        index_.reserve(model_.item_ids.size());
        for (size_t i = 0; i < model_.item_ids.size(); ++i) index_.emplace(model_.item_ids[i], static_cast<int32_t>(i));
    }
    const std::vector<int64_t>& item_ids() const override { return model_.item_ids; }

    void score(const std::vector<UserHistory>& batch, float* scores) const override {
        const size_t n = model_.item_ids.size();
        for (size_t b = 0; b < batch.size(); ++b) score_user(batch[b], scores + b * n);
    }

private:
    void score_user(const UserHistory& user, float* row) const {
        std::fill(row, row + model_.item_ids.size(), 0.0f);
        const float keep = static_cast<float>(1.0 - model_.recency_decay);
        float weight = 1.0f;
        // Walk from the most recent item (i = 0) backwards; unknown items still take their position.
        for (int64_t pos = user.length - 1; pos >= 0 && weight > 0.0f; --pos, weight *= keep) {
            auto it = index_.find(user.items[pos]);
            if (it == index_.end()) continue;
            const int64_t begin = model_.offsets[it->second], end = model_.offsets[it->second + 1];
            for (int64_t k = begin; k < end; ++k) row[model_.neighbors[k]] += weight * model_.similarities[k];
        }
    }

    ItemKnnModel model_;
    std::unordered_map<int64_t, int32_t> index_;
};

void check_consistent(const ItemKnnModel& m) {
    const size_t items = m.item_ids.size();
    if (m.offsets.size() != items + 1 || m.offsets.front() != 0 ||
        m.offsets.back() != static_cast<int64_t>(m.neighbors.size()) || m.neighbors.size() != m.similarities.size())
        throw Error("itemknn model: offsets, neighbors and similarities do not fit together");
    for (size_t i = 0; i < items; ++i)
        if (m.offsets[i] > m.offsets[i + 1]) throw Error("itemknn model: offsets are not ascending");
    for (int32_t nb : m.neighbors)
        if (nb < 0 || static_cast<size_t>(nb) >= items) throw Error("itemknn model: a neighbor index is out of range");
    if (!(m.recency_decay >= 0.0 && m.recency_decay <= 1.0))
        throw Error("itemknn model: recency_decay must be in [0, 1]");
}

}  // namespace

std::string serialize_itemknn(const ItemKnnModel& model) {
    ByteWriter out;
    out.put_string(kMagic);
    out.put<uint32_t>(kLayoutVersion);
    out.put<double>(model.recency_decay);
    out.put_array(model.item_ids);
    out.put_array(model.offsets);
    out.put_array(model.neighbors);
    out.put_array(model.similarities);
    return out.take();
}

ItemKnnModel deserialize_itemknn(const std::string& bytes) {
    ByteReader in(bytes);
    if (in.get_string() != kMagic) throw Error("itemknn model: the bytes are not an itemknn model");
    const uint32_t version = in.get<uint32_t>();
    if (version != kLayoutVersion)
        throw Error("itemknn model: layout version " + std::to_string(version) + ", expected " +
                    std::to_string(kLayoutVersion));
    ItemKnnModel model;
    model.recency_decay = in.get<double>();
    model.item_ids = in.get_array<int64_t>();
    model.offsets = in.get_array<int64_t>();
    model.neighbors = in.get_array<int32_t>();
    model.similarities = in.get_array<float>();
    if (!in.done()) throw Error("itemknn model: trailing bytes after the neighbor lists");
    check_consistent(model);
    return model;
}

std::unique_ptr<Recommender> load_itemknn_recommender(const Model& model) {
    return std::make_unique<ItemKnnRecommender>(deserialize_itemknn(model.bytes));
}

}  // namespace persona::models
