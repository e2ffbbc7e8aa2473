// Full-ranking evaluation and top-K lists from a score function over all items.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include <torch/types.h>

#include "persona/table.h"

namespace persona::torch_helper {

// Scores a batch of rows (indices into the caller's user list): a [batch, items] float tensor.
using ScoreBatch = std::function<torch::Tensor(const std::vector<int64_t>& rows)>;

// Per evaluated row: the target item column and the item columns to mask (already known).
struct RankingTargets {
    std::vector<int64_t> target;                 // item column of the held-out item per row
    std::vector<std::vector<int64_t>> masked;    // item columns scored -inf per row (the target excepted)
};

// HR@k and NDCG@k (ties counted pessimistically), averaged over rows.
struct RankingScore {
    double hr = 0;
    double ndcg = 0;
};

RankingScore evaluate_full_ranking(const ScoreBatch& score, const RankingTargets& targets, int64_t k,
                                   int64_t batch = 1024);

// The top-k item columns per row after masking: a table (user, rank, item, score), users given
// per row and item_ids mapping columns to item ids.
Table top_k_table(const ScoreBatch& score, const std::vector<int64_t>& users,
                  const std::vector<std::vector<int64_t>>& masked, const std::vector<int64_t>& item_ids, int64_t k,
                  int64_t batch = 1024);

// A table (user, embedding) from a [users, dim] float tensor.
Table embedding_table(const std::vector<int64_t>& users, const torch::Tensor& embeddings);

}  // namespace persona::torch_helper
