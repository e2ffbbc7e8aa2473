// Full-ranking HR/NDCG, top-K tables and embedding tables from batched score tensors.
#include "persona/torch/full_ranking.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <cmath>
#include <limits>

#include "persona/error.h"

namespace persona::torch_helper {

namespace {

// Scores of rows [begin, end) as a contiguous CPU float tensor, masked entries set to -inf.
torch::Tensor masked_scores(const ScoreBatch& score, const std::vector<std::vector<int64_t>>& masked, int64_t begin,
                            int64_t end, const std::vector<int64_t>* keep) {
    std::vector<int64_t> rows(static_cast<size_t>(end - begin));
    for (int64_t r = begin; r < end; ++r) rows[static_cast<size_t>(r - begin)] = r;
    auto scores = score(rows).to(torch::kCPU, torch::kFloat).contiguous();
    if (scores.dim() != 2 || scores.size(0) != end - begin)
        throw Error("full ranking: the score function returned a tensor of shape " + c10::str(scores.sizes()) +
                    " for " + std::to_string(end - begin) + " rows");
    const int64_t columns = scores.size(1);
    float* data = scores.data_ptr<float>();
    for (int64_t r = begin; r < end; ++r) {
        float* row = data + (r - begin) * columns;
        const int64_t spare = keep ? (*keep)[static_cast<size_t>(r)] : -1;
        for (int64_t c : masked[static_cast<size_t>(r)])
            if (c >= 0 && c < columns && c != spare) row[c] = -std::numeric_limits<float>::infinity();
    }
    return scores;
}

}  // namespace

RankingScore evaluate_full_ranking(const ScoreBatch& score, const RankingTargets& targets, int64_t k, int64_t batch) {
    const int64_t rows = static_cast<int64_t>(targets.target.size());
    if (static_cast<int64_t>(targets.masked.size()) != rows)
        throw Error("full ranking: " + std::to_string(targets.masked.size()) + " mask lists for " +
                    std::to_string(rows) + " targets");
    double hr = 0, ndcg = 0;
    int64_t evaluated = 0;
    for (int64_t begin = 0; begin < rows; begin += batch) {
        const int64_t end = std::min(rows, begin + batch);
        auto scores = masked_scores(score, targets.masked, begin, end, &targets.target);
        const int64_t columns = scores.size(1);
        const float* data = scores.data_ptr<float>();
        std::vector<int64_t> ranks(static_cast<size_t>(end - begin), 0);
        at::parallel_for(begin, end, 64, [&](int64_t a, int64_t b) {
            for (int64_t r = a; r < b; ++r) {
                const int64_t t = targets.target[static_cast<size_t>(r)];
                if (t < 0 || t >= columns) continue;
                const float* row = data + (r - begin) * columns;
                const float target = row[t];
                int64_t above = 0;
                for (int64_t c = 0; c < columns; ++c) above += (row[c] >= target);
                ranks[static_cast<size_t>(r - begin)] = above;  // includes the target itself: rank
            }
        });
        for (int64_t r = begin; r < end; ++r) {
            const int64_t t = targets.target[static_cast<size_t>(r)];
            if (t < 0 || t >= columns) continue;
            ++evaluated;
            const int64_t rank = ranks[static_cast<size_t>(r - begin)];
            if (rank <= k) {
                hr += 1;
                ndcg += 1.0 / std::log2(static_cast<double>(rank) + 1.0);
            }
        }
    }
    RankingScore result;
    if (evaluated > 0) {
        result.hr = hr / static_cast<double>(evaluated);
        result.ndcg = ndcg / static_cast<double>(evaluated);
    }
    return result;
}

Table top_k_table(const ScoreBatch& score, const std::vector<int64_t>& users,
                  const std::vector<std::vector<int64_t>>& masked, const std::vector<int64_t>& item_ids, int64_t k,
                  int64_t batch) {
    const int64_t rows = static_cast<int64_t>(users.size());
    std::vector<int64_t> user_col, rank_col, item_col;
    std::vector<double> score_col;
    for (int64_t begin = 0; begin < rows; begin += batch) {
        const int64_t end = std::min(rows, begin + batch);
        auto scores = masked_scores(score, masked, begin, end, nullptr);
        const int64_t take = std::min<int64_t>(k, scores.size(1));
        auto [values, columns] = torch::topk(scores, take, 1);
        values = values.contiguous();
        columns = columns.contiguous();
        const float* v = values.data_ptr<float>();
        const int64_t* c = columns.data_ptr<int64_t>();
        for (int64_t r = 0; r < end - begin; ++r)
            for (int64_t j = 0; j < take; ++j) {
                const float s = v[r * take + j];
                if (std::isinf(s) && s < 0) break;  // only masked items left
                user_col.push_back(users[static_cast<size_t>(begin + r)]);
                rank_col.push_back(j + 1);
                item_col.push_back(item_ids.at(static_cast<size_t>(c[r * take + j])));
                score_col.push_back(s);
            }
    }
    Table table;
    table.add_int64("user", std::move(user_col));
    table.add_int64("rank", std::move(rank_col));
    table.add_int64("item", std::move(item_col));
    table.add_float64("score", std::move(score_col));
    return table;
}

Table embedding_table(const std::vector<int64_t>& users, const torch::Tensor& embeddings) {
    auto e = embeddings.detach().to(torch::kCPU, torch::kFloat).contiguous();
    if (e.dim() != 2 || e.size(0) != static_cast<int64_t>(users.size()))
        throw Error("embedding table: " + std::to_string(users.size()) + " users but embeddings of shape " +
                    c10::str(e.sizes()));
    Table table;
    table.add_int64("user", users);
    table.add_vector("embedding", e.size(1), std::vector<float>(e.data_ptr<float>(), e.data_ptr<float>() + e.numel()));
    return table;
}

}  // namespace persona::torch_helper
