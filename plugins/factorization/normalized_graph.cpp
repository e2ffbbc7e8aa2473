#include "normalized_graph.h"

#include <ATen/Parallel.h>
#include <torch/csrc/autograd/custom_function.h>

#include <algorithm>
#include <cmath>

#include "persona/error.h"

namespace persona::factorization {

namespace {

// y = A_hat x with A_hat symmetric: the backward pass is the same product applied to the gradient.
struct CsrPropagation : public torch::autograd::Function<CsrPropagation> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x,
                                 const NormalizedGraph* graph) {
        ctx->saved_data["graph"] = reinterpret_cast<int64_t>(graph);
        return graph->multiply_csr(x);
    }
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grads) {
        const auto* graph = reinterpret_cast<const NormalizedGraph*>(ctx->saved_data["graph"].toInt());
        return {graph->multiply_csr(grads[0]), torch::Tensor()};
    }
};

// Dimensions summed at once: 16 floats of accumulator stay in registers while the row's edges are read.
constexpr int64_t kChunk = 16;

}  // namespace

void NormalizedGraph::accumulate_row(int64_t edge_begin, int64_t edge_end, const float* x, int64_t stride,
                                     int64_t width, float* out) const {
    float sum[kChunk] = {};
    if (width == kChunk) {
        for (int64_t e = edge_begin; e < edge_end; ++e) {
            const float w = values_[e];
            const float* source = x + columns_[e] * stride;
            for (int64_t k = 0; k < kChunk; ++k) sum[k] += w * source[k];
        }
    } else {
        for (int64_t e = edge_begin; e < edge_end; ++e) {
            const float w = values_[e];
            const float* source = x + columns_[e] * stride;
            for (int64_t k = 0; k < width; ++k) sum[k] += w * source[k];
        }
    }
    std::copy(sum, sum + width, out);
}

NormalizedGraph::NormalizedGraph(const InteractionData& data) {
    const int64_t users = data.user_count();
    const int64_t nodes = users + data.item_count();
    std::vector<int64_t> degree(static_cast<size_t>(nodes), 0);
    for (int64_t u = 0; u < users; ++u) degree[u] = data.degree(u);
    for (int64_t c : data.items) ++degree[users + c];

    offsets_.assign(static_cast<size_t>(nodes) + 1, 0);
    for (int64_t n = 0; n < nodes; ++n) offsets_[n + 1] = offsets_[n] + degree[n];
    columns_.resize(static_cast<size_t>(offsets_.back()));
    values_.resize(columns_.size());
    std::vector<int64_t> fill(offsets_.begin(), offsets_.end() - 1);
    // Users in ascending order fill both their own row (item columns ascending) and each item's row
    // (user columns ascending), so every row comes out sorted.
    for (int64_t u = 0; u < users; ++u)
        for (int64_t p = data.offsets[u]; p < data.offsets[u + 1]; ++p) {
            const int64_t item_node = users + data.items[p];
            const double product = static_cast<double>(degree[u]) * static_cast<double>(degree[item_node]);
            const float weight = static_cast<float>(1.0 / std::sqrt(product));
            columns_[fill[u]] = item_node;
            values_[fill[u]++] = weight;
            columns_[fill[item_node]] = u;
            values_[fill[item_node]++] = weight;
        }
}

torch::Tensor NormalizedGraph::propagate(const torch::Tensor& x) const {
    if (x.device().is_cpu()) return CsrPropagation::apply(x, this);
    return multiply_sparse(x);
}

torch::Tensor NormalizedGraph::multiply_csr(const torch::Tensor& x) const {
    if (x.dim() != 2 || x.size(0) != nodes() || !x.device().is_cpu())
        throw Error("graph propagation: expected CPU node features of shape [" + std::to_string(nodes()) +
                    ", d], got " + c10::str(x.sizes()) + " on " + x.device().str());
    const torch::Tensor input = x.to(torch::kFloat).contiguous();
    const int64_t d = input.size(1);
    torch::Tensor out = torch::empty({nodes(), d}, input.options());
    const float* in = input.data_ptr<float>();
    float* result = out.data_ptr<float>();
    at::parallel_for(0, nodes(), 256, [&](int64_t begin, int64_t end) {
        for (int64_t row = begin; row < end; ++row)
            for (int64_t first = 0; first < d; first += kChunk)
                accumulate_row(offsets_[row], offsets_[row + 1], in + first, d, std::min(kChunk, d - first),
                               result + row * d + first);
    });
    return out;
}

torch::Tensor NormalizedGraph::multiply_sparse(const torch::Tensor& x) const {
    const std::string key = x.device().str();
    auto found = sparse_by_device_.find(key);
    if (found == sparse_by_device_.end()) {
        std::vector<int64_t> rows(columns_.size());
        for (int64_t n = 0; n < nodes(); ++n)
            for (int64_t e = offsets_[n]; e < offsets_[n + 1]; ++e) rows[e] = n;
        const int64_t count = edges();
        torch::Tensor indices = torch::empty({2, count}, torch::kLong);
        std::copy(rows.begin(), rows.end(), indices.data_ptr<int64_t>());
        std::copy(columns_.begin(), columns_.end(), indices.data_ptr<int64_t>() + count);
        torch::Tensor values = torch::from_blob(const_cast<float*>(values_.data()), {count}, torch::kFloat).clone();
        torch::Tensor matrix = torch::sparse_coo_tensor(indices, values, {nodes(), nodes()}).coalesce();
        found = sparse_by_device_.emplace(key, matrix.to(x.device())).first;
    }
    return torch::mm(found->second, x.to(torch::kFloat));
}

}  // namespace persona::factorization
