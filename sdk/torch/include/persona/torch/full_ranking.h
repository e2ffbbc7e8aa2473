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
    int64_t rows = 0;  // rows evaluated (those with a target >= 0)
};

// Rank of the target = 1 + columns scoring >= the target (masked columns excepted); a NaN target
// score ranks last. Rows with target < 0 are skipped; a target or mask column beyond the score
// width throws Error (negative mask entries are ignored as padding). The score tensor may live on
// any device and is only read (a view of the caller's data is fine). `batch` is the most rows per
// score call; fewer are asked for when a [rows, items] float tensor would pass 24 MiB (see README).
RankingScore evaluate_full_ranking(const ScoreBatch& score, const RankingTargets& targets, int64_t k,
                                   int64_t batch = 1024);

// The top-k item columns per row after masking: a table (user int64, rank int64 from 1, item int64,
// score float64), users given per row and item_ids mapping columns to item ids. A row with fewer
// than k unmasked items gets fewer rows. The score tensor is only read, never modified.
Table top_k_table(const ScoreBatch& score, const std::vector<int64_t>& users,
                  const std::vector<std::vector<int64_t>>& masked, const std::vector<int64_t>& item_ids, int64_t k,
                  int64_t batch = 1024);

// A table (user, embedding) from a [users, dim] float tensor.
Table embedding_table(const std::vector<int64_t>& users, const torch::Tensor& embeddings);

}  // namespace persona::torch_helper
