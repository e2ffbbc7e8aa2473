// NormalizedGraph: the user-item graph's symmetric normalized adjacency D^-1/2 A D^-1/2 and its product.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <torch/types.h>

#include "interaction_data.h"

namespace persona::factorization {

// Nodes are the users (0..U-1) then the items (U..U+I-1); an edge joins a user and each of their items,
// weighted 1 / sqrt(deg(user) deg(item)). Stored as CSR with rows in node order and sorted columns.
class NormalizedGraph {
public:
    explicit NormalizedGraph(const InteractionData& data);

    int64_t nodes() const { return static_cast<int64_t>(offsets_.size()) - 1; }
    int64_t edges() const { return static_cast<int64_t>(columns_.size()); }  // both directions

    // A_hat x for node features x [nodes, d], differentiable in x: on the CPU the CSR product below
    // (A_hat is symmetric, so the gradient is the same product), elsewhere a sparse COO tensor product.
    torch::Tensor propagate(const torch::Tensor& x) const;

    // The plain CSR product on the CPU, parallel over rows, the same result for any thread count.
    torch::Tensor multiply_csr(const torch::Tensor& x) const;

    // A_hat x through torch's sparse COO matrix product on x's device (the non-CPU path of propagate).
    torch::Tensor multiply_sparse(const torch::Tensor& x) const;

private:
    // out[0..width) = sum over edges [edge_begin, edge_end) of value * x[column * stride + 0..width), width <= 16.
    void accumulate_row(int64_t edge_begin, int64_t edge_end, const float* x, int64_t stride, int64_t width,
                        float* out) const;

    std::vector<int64_t> offsets_;
    std::vector<int64_t> columns_;
    std::vector<float> values_;
    mutable std::map<std::string, torch::Tensor> sparse_by_device_;  // COO copies, built on first use
};

}  // namespace persona::factorization
