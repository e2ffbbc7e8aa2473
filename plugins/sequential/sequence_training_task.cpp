#include "sequence_training_task.h"

namespace persona::sequential {

namespace {

TrainingBatch batch_to_device(TrainingBatch batch, const c10::Device& device) {
    batch.sequences = to_device(batch.sequences, device);
    if (batch.negatives.defined()) batch.negatives = batch.negatives.to(device);
    return batch;
}

}  // namespace

SequenceTrainingTask::SequenceTrainingTask(std::shared_ptr<SequenceEncoder> encoder, TrainingBatches& batches,
                                           LossSettings loss, std::optional<ValidationSet> validation,
                                           HistoryFormat format, c10::Device device)
    : encoder_(std::move(encoder)),
      batches_(batches),
      loss_(loss),
      validation_(std::move(validation)),
      format_(format),
      device_(device) {}

int64_t SequenceTrainingTask::start_epoch(int64_t epoch, uint64_t seed) {
    epoch_loss_sum_ = torch::zeros({}, torch::TensorOptions(device_));
    epoch_batches_ = 0;
    return batches_.start_epoch(seed);
}

torch::Tensor SequenceTrainingTask::batch_loss(int64_t index) {
    const TrainingBatch batch = batch_to_device(batches_.batch(index), device_);
    const torch::Tensor hidden = encoder_->encode(batch.sequences);
    torch::Tensor loss = sequence_loss(hidden, encoder_->item_embeddings(), batch, loss_);
    epoch_loss_sum_ += loss.detach();
    ++epoch_batches_;
    return loss;
}

torch::Tensor SequenceTrainingTask::score_histories(SequenceEncoder& encoder, const std::vector<HistoryView>& histories,
                                                    const std::vector<int64_t>& rows, const HistoryFormat& format,
                                                    const c10::Device& device) {
    std::vector<HistoryView> picked;
    picked.reserve(rows.size());
    for (int64_t r : rows) picked.push_back(histories[r]);
    torch::NoGradGuard no_grad;
    const torch::Tensor hidden = last_hidden(encoder, picked, format, device);
    return hidden.matmul(encoder.item_embeddings().slice(0, 1).t()).to(torch::kCPU);
}

double SequenceTrainingTask::validate() {
    if (!validation_)
        return epoch_batches_ > 0 ? -epoch_loss_sum_.item<double>() / static_cast<double>(epoch_batches_) : 0.0;
    const ValidationSet& v = *validation_;
    auto score = [&](const std::vector<int64_t>& rows) {
        return score_histories(*encoder_, v.histories, rows, format_, device_);
    };
    return torch_helper::evaluate_full_ranking(score, v.targets, v.k, kScoringChunk).ndcg;
}

std::string SequenceTrainingTask::metric_name() const {
    return validation_ ? "valid_ndcg@" + std::to_string(validation_->k) : "neg_train_loss";
}

}  // namespace persona::sequential
