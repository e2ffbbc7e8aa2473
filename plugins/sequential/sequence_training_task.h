// SequenceTrainingTask: what the shared training loop needs to train a SequenceEncoder on next-item targets.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <c10/core/Device.h>

#include "history_encoding.h"
#include "persona/torch/full_ranking.h"
#include "persona/torch/training.h"
#include "sequence_encoder.h"
#include "sequence_losses.h"
#include "training_batches.h"

namespace persona::sequential {

// Early-stopping data: the histories to encode and, per row, the held-out target and the masked columns.
// Columns here are score columns: item column - 1 (the padding column is never scored).
struct ValidationSet {
    std::vector<HistoryView> histories;
    torch_helper::RankingTargets targets;
    int64_t k = 10;  // early stopping on NDCG@k
};

// Trains on TrainingBatches with a loss; validates by NDCG@k over all items (history masked), or,
// without a validation set, by the negative mean training loss of the epoch.
class SequenceTrainingTask : public torch_helper::TrainingTask {
public:
    SequenceTrainingTask(std::shared_ptr<SequenceEncoder> encoder, TrainingBatches& batches, LossSettings loss,
                         std::optional<ValidationSet> validation, HistoryFormat format, c10::Device device);

    torch::nn::Module& module() override { return *encoder_; }
    int64_t start_epoch(int64_t epoch, uint64_t seed) override;
    torch::Tensor batch_loss(int64_t index) override;
    int64_t batch_examples(int64_t index) override { return batches_.batch_examples(index); }
    double validate() override;
    std::string metric_name() const override;

    // Scores [rows, items - 1] (CPU) of the given rows of `histories` against every item column 1..N.
    static torch::Tensor score_histories(SequenceEncoder& encoder, const std::vector<HistoryView>& histories,
                                         const std::vector<int64_t>& rows, const HistoryFormat& format,
                                         const c10::Device& device);

private:
    std::shared_ptr<SequenceEncoder> encoder_;
    TrainingBatches& batches_;
    LossSettings loss_;
    std::optional<ValidationSet> validation_;
    HistoryFormat format_;
    c10::Device device_;
    torch::Tensor epoch_loss_sum_;  // detached sum of this epoch's batch losses (no device sync per batch)
    int64_t epoch_batches_ = 0;
};

}  // namespace persona::sequential
