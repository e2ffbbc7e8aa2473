#include "ensemble_model.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "persona/bytes.h"
#include "persona/error.h"

namespace persona::models {

namespace {

constexpr const char* kMagic = "persona.ensemble";
constexpr uint32_t kLayoutVersion = 1;

// The sorted union of the members' item ids.
std::vector<int64_t> union_of_items(const std::vector<std::unique_ptr<Recommender>>& members) {
    std::vector<int64_t> ids;
    for (const auto& m : members) ids.insert(ids.end(), m->item_ids().begin(), m->item_ids().end());
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

// For each of a member's score columns, its column in the ensemble's item order.
std::vector<int64_t> columns_in(const std::vector<int64_t>& member_ids, const std::vector<int64_t>& all_ids) {
    std::unordered_map<int64_t, int64_t> column_of;
    column_of.reserve(all_ids.size());
    for (size_t c = 0; c < all_ids.size(); ++c) column_of.emplace(all_ids[c], static_cast<int64_t>(c));
    std::vector<int64_t> cols(member_ids.size());
    for (size_t k = 0; k < member_ids.size(); ++k) cols[k] = column_of.at(member_ids[k]);
    return cols;
}

// The columns in [0, n) that are not in `cols`.
std::vector<int64_t> columns_missing_from(const std::vector<int64_t>& cols, size_t n) {
    std::vector<char> known(n, 0);
    for (int64_t c : cols) known[c] = 1;
    std::vector<int64_t> missing;
    for (size_t c = 0; c < n; ++c)
        if (!known[c]) missing.push_back(static_cast<int64_t>(c));
    return missing;
}

// The mean and the standard deviation (1 when it is 0) of n scores; non-finite scores are left out.
std::pair<double, double> mean_and_spread(const float* scores, size_t n) {
    double sum = 0, sum_sq = 0;
    size_t count = 0;
    for (size_t i = 0; i < n; ++i) {
        if (!std::isfinite(scores[i])) continue;
        sum += scores[i];
        sum_sq += static_cast<double>(scores[i]) * scores[i];
        ++count;
    }
    if (count == 0) return {0.0, 1.0};
    const double mean = sum / count;
    const double var = std::max(0.0, sum_sq / count - mean * mean);
    return {mean, var > 0 ? std::sqrt(var) : 1.0};
}

// Scores with every member and sums their rescaled, weighted scores.
class EnsembleRecommender : public Recommender {
public:
    EnsembleRecommender(std::vector<std::unique_ptr<Recommender>> members, std::vector<double> weights,
                        ScoreScale scale)
        : members_(std::move(members)), weights_(std::move(weights)), scale_(scale) {
        item_ids_ = union_of_items(members_);
        for (const auto& m : members_) {
            columns_.push_back(columns_in(m->item_ids(), item_ids_));
            unknown_.push_back(columns_missing_from(columns_.back(), item_ids_.size()));
        }
    }
    const std::vector<int64_t>& item_ids() const override { return item_ids_; }

    void score(const std::vector<UserHistory>& batch, float* scores) const override {
        const size_t n = item_ids_.size();
        std::fill(scores, scores + batch.size() * n, 0.0f);
        std::vector<float> own;
        for (size_t m = 0; m < members_.size(); ++m) {
            if (weights_[m] == 0) continue;  // adds nothing (and 0 * -inf would be NaN)
            const size_t width = members_[m]->item_ids().size();
            own.resize(batch.size() * width);
            members_[m]->score(batch, own.data());
            for (size_t b = 0; b < batch.size(); ++b) add_member_row(m, own.data() + b * width, width, scores + b * n);
        }
    }

private:
    // Adds one member's scores of one user, rescaled and weighted, into the ensemble's row.
    // ZScore: w * (s - mean) / spread, and 0 on the items the member does not know.
    // Raw: w * s, and w * mean on the items the member does not know.
    void add_member_row(size_t m, const float* own, size_t width, float* row) const {
        const auto [mean, spread] = mean_and_spread(own, width);
        const bool z = scale_ == ScoreScale::ZScore;
        const double w = z ? weights_[m] / spread : weights_[m];
        const double shift = z ? mean : 0.0;
        const std::vector<int64_t>& cols = columns_[m];
        for (size_t k = 0; k < width; ++k) row[cols[k]] += static_cast<float>(w * (own[k] - shift));
        if (!z)
            for (int64_t c : unknown_[m]) row[c] += static_cast<float>(w * mean);
    }

    std::vector<std::unique_ptr<Recommender>> members_;
    std::vector<double> weights_;
    ScoreScale scale_;
    std::vector<int64_t> item_ids_;
    std::vector<std::vector<int64_t>> columns_;  // per member: its score column -> ensemble column
    std::vector<std::vector<int64_t>> unknown_;  // per member: the ensemble columns it has no score for
};

}  // namespace

std::string serialize_ensemble(const EnsembleModel& model) {
    ByteWriter out;
    out.put_string(kMagic);
    out.put<uint32_t>(kLayoutVersion);
    out.put<uint8_t>(model.scale == ScoreScale::ZScore ? 0 : 1);
    out.put_array(model.weights);
    out.put<uint64_t>(model.members.size());
    for (const Model& member : model.members) {
        out.put_string(member.format);
        out.put_string(member.metadata.dump());
        out.put_string(member.bytes);
    }
    return out.take();
}

EnsembleModel deserialize_ensemble(const std::string& bytes) {
    ByteReader in(bytes);
    if (in.get_string() != kMagic) throw Error("ensemble model: the bytes are not an ensemble model");
    const uint32_t version = in.get<uint32_t>();
    if (version != kLayoutVersion)
        throw Error("ensemble model: layout version " + std::to_string(version) + ", expected " +
                    std::to_string(kLayoutVersion));
    EnsembleModel model;
    const uint8_t scale = in.get<uint8_t>();
    if (scale > 1) throw Error("ensemble model: unknown score scale " + std::to_string(scale));
    model.scale = scale == 0 ? ScoreScale::ZScore : ScoreScale::Raw;
    model.weights = in.get_array<double>();
    const uint64_t count = in.get<uint64_t>();
    if (count != model.weights.size())
        throw Error("ensemble model: " + std::to_string(count) + " members but " +
                    std::to_string(model.weights.size()) + " weights");
    for (uint64_t i = 0; i < count; ++i) {
        Model member;
        member.format = in.get_string();
        member.metadata = Json::parse(in.get_string());
        member.bytes = in.get_string();
        model.members.push_back(std::move(member));
    }
    if (!in.done()) throw Error("ensemble model: trailing bytes found");
    return model;
}

std::unique_ptr<Recommender> load_ensemble_recommender(const Model& model, const Registry& registry) {
    EnsembleModel ensemble = deserialize_ensemble(model.bytes);
    std::vector<std::unique_ptr<Recommender>> members;
    for (size_t i = 0; i < ensemble.members.size(); ++i) {
        try {
            members.push_back(registry.load_recommender(ensemble.members[i]));
        } catch (const Error& e) {
            throw Error("ensemble model: cannot open member " + std::to_string(i + 1) + " (format '" +
                        ensemble.members[i].format + "'): " + e.what());
        }
    }
    return std::make_unique<EnsembleRecommender>(std::move(members), std::move(ensemble.weights), ensemble.scale);
}

}  // namespace persona::models
