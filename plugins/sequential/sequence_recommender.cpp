#include "sequence_recommender.h"

#include <algorithm>

#include "history_encoding.h"
#include "model_artifact.h"
#include "persona/error.h"
#include "persona/torch/module_bytes.h"

namespace persona::sequential {

namespace {

// Scores histories of item ids: unknown ids are dropped, the last max_len known items are encoded, and the
// last hidden state is multiplied with the item embeddings of columns 1..N. Empty histories score 0.
class SequenceRecommender : public Recommender {
public:
    SequenceRecommender(std::shared_ptr<SequenceEncoder> encoder, std::vector<int64_t> item_ids, HistoryFormat format)
        : encoder_(std::move(encoder)), item_ids_(std::move(item_ids)), format_(format) {
        torch::NoGradGuard no_grad;
        encoder_->eval();
        item_matrix_ = encoder_->item_embeddings().slice(0, 1).t().contiguous();  // [dim, N]
    }

    const std::vector<int64_t>& item_ids() const override { return item_ids_; }

    void score(const std::vector<UserHistory>& batch, float* scores) const override {
        const int64_t rows = static_cast<int64_t>(batch.size()), n = static_cast<int64_t>(item_ids_.size());
        if (rows == 0) return;
        std::vector<std::vector<int64_t>> columns(batch.size());
        std::vector<HistoryView> views(batch.size());
        for (size_t b = 0; b < batch.size(); ++b) {
            columns[b] = known_columns(batch[b]);
            views[b] = HistoryView{columns[b].data(), nullptr, nullptr, static_cast<int64_t>(columns[b].size())};
        }
        torch::NoGradGuard no_grad;
        const torch::Tensor hidden = last_hidden(*encoder_, views, format_, torch::kCPU);
        torch::Tensor out = torch::from_blob(scores, {rows, n}, torch::kFloat);
        torch::mm_out(out, hidden.to(torch::kFloat), item_matrix_);
        for (int64_t b = 0; b < rows; ++b)
            if (views[b].length == 0) std::fill(scores + b * n, scores + (b + 1) * n, 0.0f);
    }

private:
    // The item columns (1..N) of the last max_len known items of a history, oldest first.
    std::vector<int64_t> known_columns(const UserHistory& history) const {
        std::vector<int64_t> kept;
        for (int64_t k = history.length - 1; k >= 0 && static_cast<int64_t>(kept.size()) < format_.max_len; --k) {
            auto it = std::lower_bound(item_ids_.begin(), item_ids_.end(), history.items[k]);
            if (it != item_ids_.end() && *it == history.items[k]) kept.push_back((it - item_ids_.begin()) + 1);
        }
        std::reverse(kept.begin(), kept.end());
        return kept;
    }

    std::shared_ptr<SequenceEncoder> encoder_;
    std::vector<int64_t> item_ids_;
    HistoryFormat format_;
    torch::Tensor item_matrix_;
};

std::unique_ptr<Recommender> load_sequence_model(const Architecture& architecture, const Model& model) {
    const EncoderShape shape = shape_from_json(metadata_field(model, "shape"), model.format);
    SavedSequenceModel saved = deserialize_sequence_model(model.bytes, model.format);
    if (static_cast<int64_t>(saved.item_ids.size()) + 1 != shape.items)
        throw Error(model.format + " model: " + std::to_string(saved.item_ids.size()) +
                    " item ids but the metadata shape has " + std::to_string(shape.items) + " item columns");
    std::shared_ptr<SequenceEncoder> encoder = architecture.make(Params(metadata_field(model, "params")), shape);
    torch_helper::load_module(*encoder, saved.weights);
    encoder->to(torch::kCPU);
    HistoryFormat format;
    format.max_len = shape.max_len;
    format.types = shape.types > 1;
    format.default_type = metadata_field(model, "default_type").get<int64_t>();
    format.times = false;  // UserHistory carries no timestamps
    return std::make_unique<SequenceRecommender>(std::move(encoder), std::move(saved.item_ids), format);
}

}  // namespace

RecommenderLoader sequence_recommender_loader(const Architecture& architecture) {
    return [architecture](const Model& model) { return load_sequence_model(architecture, model); };
}

}  // namespace persona::sequential
