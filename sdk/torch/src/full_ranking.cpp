// Full-ranking HR/NDCG, top-K tables and embedding tables from batched score tensors.
#include "persona/torch/full_ranking.h"

#include <ATen/Parallel.h>
#include <torch/types.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "persona/error.h"
#include "persona/torch/cpu_runtime.h"

namespace persona::torch_helper {

namespace {

// Scores of rows [begin, end) as a contiguous CPU float tensor. It may be the caller's own data (a view
// returned by the score function): this code only reads it, so no copy is made when none is needed.
torch::Tensor batch_scores(const ScoreBatch& score, const char* what, int64_t begin, int64_t end) {
    std::vector<int64_t> rows(static_cast<size_t>(end - begin));
    for (int64_t r = begin; r < end; ++r) rows[static_cast<size_t>(r - begin)] = r;
    auto scores = score(rows).detach().to(torch::kCPU, torch::kFloat).contiguous();
    if (scores.dim() != 2 || scores.size(0) != end - begin)
        throw Error(std::string(what) + ": the score function returned a tensor of shape " + c10::str(scores.sizes()) +
                    " for " + std::to_string(end - begin) + " rows (expected [rows, items])");
    return scores;
}

// Rows per score call: at most `batch`, and few enough that a [rows, width] float tensor stays under
// 24 MiB. glibc serves blocks that size from its heap and reuses them; larger ones are mapped fresh
// on every call and each page faults (4x slower scoring at 12k items). The first call takes 64 rows
// to learn the width (width 0: not known yet).
int64_t rows_per_call(int64_t batch, int64_t width) {
    if (width <= 0) return std::min<int64_t>(batch, 64);
    const int64_t fits = (int64_t{24} << 20) / (static_cast<int64_t>(sizeof(float)) * width);
    return std::max<int64_t>(1, std::min(batch, fits));
}

// Throws Error when a mask list of rows [begin, end) names a column beyond the scores' width.
void check_masks(const std::vector<std::vector<int64_t>>& masked, int64_t begin, int64_t end, int64_t columns,
                 const char* what) {
    for (int64_t r = begin; r < end; ++r)
        for (int64_t c : masked[static_cast<size_t>(r)])
            if (c >= columns)
                throw Error(std::string(what) + ": row " + std::to_string(r) + " masks item column " +
                            std::to_string(c) + " but the scores have " + std::to_string(columns) + " columns");
}

// A row's masked columns sorted and unique, without negative padding entries and without `keep`.
std::vector<int64_t> mask_set(const std::vector<int64_t>& masked, int64_t keep) {
    std::vector<int64_t> set;
    set.reserve(masked.size());
    for (int64_t c : masked)
        if (c >= 0 && c != keep) set.push_back(c);
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    return set;
}

// 1 + the number of unmasked columns other than `target` scoring >= the target's score (ties
// pessimistic); a NaN target score ranks last.
int64_t pessimistic_rank(const float* row, int64_t columns, int64_t target, const std::vector<int64_t>& masks) {
    const float score = row[target];
    if (std::isnan(score)) return columns;
    int64_t at_least = 0;  // counts the target itself, which stands for the "1 +"
    for (int64_t c = 0; c < columns; ++c) at_least += row[c] >= score ? 1 : 0;
    for (int64_t c : masks) at_least -= row[c] >= score ? 1 : 0;
    return at_least;
}

// The columns of a top-K table being built.
struct TopKColumns {
    std::vector<int64_t> user, rank, item;
    std::vector<double> score;

    Table table() {
        Table t;
        t.add_int64("user", std::move(user));
        t.add_int64("rank", std::move(rank));
        t.add_int64("item", std::move(item));
        t.add_float64("score", std::move(score));
        return t;
    }
};

// One user's k best unmasked items, given the row's `take` best columns in order (take >= k + masked).
void append_top_k(const float* values, const int64_t* columns, int64_t take, const std::vector<int64_t>& masks,
                  int64_t k, int64_t user, const std::vector<int64_t>& item_ids, TopKColumns& out) {
    int64_t rank = 0;
    for (int64_t j = 0; j < take && rank < k; ++j) {
        if (std::binary_search(masks.begin(), masks.end(), columns[j])) continue;
        out.user.push_back(user);
        out.rank.push_back(++rank);
        out.item.push_back(item_ids[static_cast<size_t>(columns[j])]);
        out.score.push_back(values[j]);
    }
}

}  // namespace

RankingScore evaluate_full_ranking(const ScoreBatch& score, const RankingTargets& targets, int64_t k, int64_t batch) {
    const int64_t rows = static_cast<int64_t>(targets.target.size());
    if (static_cast<int64_t>(targets.masked.size()) != rows)
        throw Error("full ranking: " + std::to_string(targets.masked.size()) + " mask lists for " +
                    std::to_string(rows) + " targets");
    if (k < 1 || batch < 1)
        throw Error("full ranking: k and batch must be at least 1 (got k=" + std::to_string(k) +
                    ", batch=" + std::to_string(batch) + ")");
    double hr = 0, ndcg = 0;
    int64_t evaluated = 0;
    for (int64_t begin = 0, end = 0, columns = 0; begin < rows; begin = end) {
        end = std::min(rows, begin + rows_per_call(batch, columns));
        const auto scores = batch_scores(score, "full ranking", begin, end);
        columns = scores.size(1);
        check_masks(targets.masked, begin, end, columns, "full ranking");
        for (int64_t r = begin; r < end; ++r)
            if (targets.target[static_cast<size_t>(r)] >= columns)
                throw Error("full ranking: row " + std::to_string(r) + " has target column " +
                            std::to_string(targets.target[static_cast<size_t>(r)]) + " but the scores have " +
                            std::to_string(columns) + " columns");
        const float* data = scores.data_ptr<float>();
        std::vector<int64_t> ranks(static_cast<size_t>(end - begin), 0);
        at::parallel_for(begin, end, 16, [&](int64_t a, int64_t b) {
            for (int64_t r = a; r < b; ++r) {
                const int64_t t = targets.target[static_cast<size_t>(r)];
                if (t < 0) continue;
                ranks[static_cast<size_t>(r - begin)] = pessimistic_rank(
                    data + (r - begin) * columns, columns, t, mask_set(targets.masked[static_cast<size_t>(r)], t));
            }
        });
        for (int64_t r = begin; r < end; ++r) {
            if (targets.target[static_cast<size_t>(r)] < 0) continue;
            ++evaluated;
            const int64_t rank = ranks[static_cast<size_t>(r - begin)];
            if (rank <= k) {
                hr += 1;
                ndcg += 1.0 / std::log2(static_cast<double>(rank) + 1.0);
            }
        }
    }
    RankingScore result;
    result.rows = evaluated;
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
    if (masked.size() != users.size())
        throw Error("top-K table: " + std::to_string(masked.size()) + " mask lists for " + std::to_string(rows) +
                    " users");
    if (k < 1 || batch < 1)
        throw Error("top-K table: k and batch must be at least 1 (got k=" + std::to_string(k) +
                    ", batch=" + std::to_string(batch) + ")");
    TopKColumns out;
    for (int64_t begin = 0, end = 0, width = 0; begin < rows; begin = end) {
        end = std::min(rows, begin + rows_per_call(batch, width));
        const auto scores = batch_scores(score, "top-K table", begin, end);
        width = scores.size(1);
        if (width != static_cast<int64_t>(item_ids.size()))
            throw Error("top-K table: the scores have " + std::to_string(width) + " columns but there are " +
                        std::to_string(item_ids.size()) + " item ids");
        check_masks(masked, begin, end, width, "top-K table");
        std::vector<std::vector<int64_t>> masks;
        size_t most_masked = 0;
        for (int64_t r = begin; r < end; ++r) {
            masks.push_back(mask_set(masked[static_cast<size_t>(r)], -1));
            most_masked = std::max(most_masked, masks.back().size());
        }
        // Enough best columns that k remain after dropping a row's masked ones.
        const int64_t take = std::min<int64_t>(width, k + static_cast<int64_t>(most_masked));
        auto [values, columns] = torch::topk(scores, take, 1);
        values = values.contiguous();
        columns = columns.contiguous();
        const float* v = values.data_ptr<float>();
        const int64_t* c = columns.data_ptr<int64_t>();
        for (int64_t r = 0; r < end - begin; ++r)
            append_top_k(v + r * take, c + r * take, take, masks[static_cast<size_t>(r)], k,
                         users[static_cast<size_t>(begin + r)], item_ids, out);
    }
    return out.table();
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
