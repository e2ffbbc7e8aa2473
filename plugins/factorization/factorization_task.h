// FactorizationTask: what the shared training loop needs to train an EmbeddingModel with BPR.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include <c10/core/Device.h>

#include "bpr_batches.h"
#include "embedding_model.h"
#include "persona/torch/full_ranking.h"
#include "persona/torch/training.h"

namespace persona::factorization {

// Early-stopping data: per row, the user row, the held-out item column and the user's train items to mask.
struct ValidationSet {
    std::vector<int64_t> user_rows;
    torch_helper::RankingTargets targets;
};

// Trains on BprBatches with BPR + L2 (reg); validates by NDCG@10 over all items (train items masked),
// or, without a validation set, by the negative mean training loss of the epoch.
class FactorizationTask : public torch_helper::TrainingTask {
public:
    FactorizationTask(std::shared_ptr<EmbeddingModel> model, BprBatches& batches, double reg,
                      std::optional<ValidationSet> validation, c10::Device device);

    torch::nn::Module& module() override { return *model_; }
    int64_t start_epoch(int64_t epoch, uint64_t seed) override;
    torch::Tensor batch_loss(int64_t index) override;
    int64_t batch_examples(int64_t index) override { return batches_.batch_examples(index); }
    double validate() override;
    std::string metric_name() const override;

private:
    std::shared_ptr<EmbeddingModel> model_;
    BprBatches& batches_;
    double reg_;
    std::optional<ValidationSet> validation_;
    c10::Device device_;
    torch::Tensor epoch_loss_sum_;  // detached sum of this epoch's batch losses
    int64_t epoch_batches_ = 0;
};

// Scores [rows, items] (CPU) of the given user rows against every item: one matrix product.
torch::Tensor score_user_rows(const torch::Tensor& user_embeddings, const torch::Tensor& item_embeddings,
                              const std::vector<int64_t>& user_rows);

}  // namespace persona::factorization
