#include "factorization_task.h"

#include "bpr_loss.h"

namespace persona::factorization {

FactorizationTask::FactorizationTask(std::shared_ptr<EmbeddingModel> model, BprBatches& batches, double reg,
                                     std::optional<ValidationSet> validation, c10::Device device)
    : model_(std::move(model)), batches_(batches), reg_(reg), validation_(std::move(validation)), device_(device) {}

int64_t FactorizationTask::start_epoch(int64_t epoch, uint64_t seed) {
    epoch_loss_sum_ = torch::zeros({}, torch::TensorOptions(device_));
    epoch_batches_ = 0;
    return batches_.start_epoch(seed);
}

torch::Tensor FactorizationTask::batch_loss(int64_t index) {
    const BprBatch batch = batches_.batch(index);
    const torch::Tensor users = batch.users.to(device_);
    const torch::Tensor positives = batch.positives.to(device_);
    const torch::Tensor negatives = batch.negatives.to(device_);
    auto [user_final, item_final] = model_->final_embeddings();
    const torch::Tensor negative_rows = negatives.flatten();
    const torch::Tensor negative_final =
        item_final.index_select(0, negative_rows).view({negatives.size(0), negatives.size(1), -1});
    torch::Tensor loss =
        bpr_loss(user_final.index_select(0, users), item_final.index_select(0, positives), negative_final);
    if (reg_ > 0)
        loss = loss + l2_penalty(model_->user_weight().index_select(0, users),
                                 model_->item_weight().index_select(0, positives),
                                 model_->item_weight().index_select(0, negative_rows), reg_);
    epoch_loss_sum_ += loss.detach();
    ++epoch_batches_;
    return loss;
}

torch::Tensor score_user_rows(const torch::Tensor& user_embeddings, const torch::Tensor& item_embeddings,
                              const std::vector<int64_t>& user_rows) {
    const torch::Tensor rows = torch::tensor(user_rows, torch::kLong).to(user_embeddings.device());
    return user_embeddings.index_select(0, rows).matmul(item_embeddings.t()).to(torch::kCPU);
}

double FactorizationTask::validate() {
    if (!validation_)
        return epoch_batches_ > 0 ? -epoch_loss_sum_.item<double>() / static_cast<double>(epoch_batches_) : 0.0;
    auto [users, items] = model_->final_embeddings();
    const ValidationSet& v = *validation_;
    auto score = [&](const std::vector<int64_t>& rows) {
        std::vector<int64_t> user_rows;
        user_rows.reserve(rows.size());
        for (int64_t r : rows) user_rows.push_back(v.user_rows[r]);
        return score_user_rows(users, items, user_rows);
    };
    return torch_helper::evaluate_full_ranking(score, v.targets, 10, 1024).ndcg;
}

std::string FactorizationTask::metric_name() const { return validation_ ? "valid_ndcg@10" : "neg_train_loss"; }

}  // namespace persona::factorization
