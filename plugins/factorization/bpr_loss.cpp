#include "bpr_loss.h"

namespace persona::factorization {

torch::Tensor bpr_loss(const torch::Tensor& users, const torch::Tensor& positives, const torch::Tensor& negatives) {
    const torch::Tensor positive_scores = (users * positives).sum(-1);                  // [B]
    const torch::Tensor negative_scores = (users.unsqueeze(1) * negatives).sum(-1);     // [B, n]
    return -torch::log_sigmoid(positive_scores.unsqueeze(1) - negative_scores).mean();
}

torch::Tensor l2_penalty(const torch::Tensor& users, const torch::Tensor& positives, const torch::Tensor& negatives,
                         double reg) {
    const double batch = static_cast<double>(users.size(0));
    return (users.pow(2).sum() + positives.pow(2).sum() + negatives.pow(2).sum()) * (0.5 * reg / batch);
}

}  // namespace persona::factorization
