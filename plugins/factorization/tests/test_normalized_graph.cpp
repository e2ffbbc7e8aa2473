// Tests of the normalized graph: the CSR product equals D^-1/2 A D^-1/2 x, its gradient, the COO path,
// and LightGCN's mean over layers.
#include <catch2/catch.hpp>

#include <ATen/Parallel.h>
#include <cmath>

#include "lightgcn.h"
#include "normalized_graph.h"

using namespace persona;
using namespace persona::factorization;

namespace {

// Users 1 {10, 20}, 2 {20}, 3 {20, 30}.
InteractionData tiny_data() {
    Table t;
    t.add_int64("user", {1, 1, 2, 3, 3});
    t.add_int64("item", {10, 20, 20, 20, 30});
    InteractionCounts counts;
    return read_interactions(t, {}, "test", counts);
}

// The dense normalized adjacency over users then items, built from the definition.
torch::Tensor dense_adjacency(const InteractionData& data) {
    const int64_t users = data.user_count(), n = users + data.item_count();
    auto a = torch::zeros({n, n});
    for (int64_t u = 0; u < users; ++u)
        for (int64_t c : data.user_items(u)) {
            a[u][users + c] = 1.0f;
            a[users + c][u] = 1.0f;
        }
    auto d = a.sum(1).pow(-0.5);
    return d.unsqueeze(1) * a * d.unsqueeze(0);
}

}  // namespace

TEST_CASE("the CSR product equals the dense normalized adjacency product", "[graph]") {
    const InteractionData data = tiny_data();
    NormalizedGraph graph(data);
    CHECK(graph.nodes() == 6);
    CHECK(graph.edges() == 10);
    torch::manual_seed(3);
    auto x = torch::randn({6, 4});
    auto expected = dense_adjacency(data).mm(x);
    CHECK(torch::allclose(graph.multiply_csr(x), expected, 1e-5, 1e-6));
    // Item 20 (node 4) has degree 3, user 2 (node 1) degree 1: weight 1 / sqrt(3).
    auto unit = torch::zeros({6, 1});
    unit[4][0] = 1.0f;
    CHECK(graph.multiply_csr(unit)[1][0].item<float>() == Approx(1 / std::sqrt(3.0)));
}

TEST_CASE("propagation gradients and the sparse COO path agree with the dense product", "[graph]") {
    const InteractionData data = tiny_data();
    NormalizedGraph graph(data);
    torch::manual_seed(5);
    auto weights = torch::randn({6, 3});
    auto x = weights.clone().requires_grad_(true);
    auto target = torch::randn({6, 3});
    (graph.propagate(graph.propagate(x)) * target).sum().backward();
    auto dense = dense_adjacency(data);
    auto y = weights.clone().requires_grad_(true);
    (dense.mm(dense.mm(y)) * target).sum().backward();
    CHECK(torch::allclose(x.grad(), y.grad(), 1e-5, 1e-6));
    CHECK(torch::allclose(graph.multiply_sparse(weights), dense.mm(weights), 1e-5, 1e-6));
}

TEST_CASE("the CSR product is identical for any thread count", "[graph]") {
    Table t;
    std::vector<int64_t> users, items;
    for (int64_t u = 0; u < 2000; ++u)
        for (int64_t k = 0; k < 5; ++k) {
            users.push_back(u);
            items.push_back((u * 31 + k * k * 17) % 700);
        }
    t.add_int64("user", users);
    t.add_int64("item", items);
    InteractionCounts counts;
    NormalizedGraph graph(read_interactions(t, {}, "test", counts));
    auto x = torch::randn({graph.nodes(), 16});
    const int previous = at::get_num_threads();
    at::set_num_threads(1);
    auto one = graph.multiply_csr(x);
    at::set_num_threads(4);
    auto four = graph.multiply_csr(x);
    at::set_num_threads(previous);
    CHECK(torch::equal(one, four));
}

TEST_CASE("LightGCN's final embedding is the mean of its layers", "[graph]") {
    const InteractionData data = tiny_data();
    auto graph = std::make_shared<const NormalizedGraph>(data);
    torch::manual_seed(9);
    LightGcn model(EmbeddingShape{3, 3, 4, 0.1}, graph, 2);
    auto e0 = torch::cat({model.user_weight(), model.item_weight()}, 0).detach();
    auto dense = dense_adjacency(data);
    auto e1 = dense.mm(e0);
    auto e2 = dense.mm(e1);
    auto mean = (e0 + e1 + e2) / 3.0;
    auto [users, items] = model.final_embeddings();
    CHECK(torch::allclose(users, mean.slice(0, 0, 3), 1e-5, 1e-6));
    CHECK(torch::allclose(items, mean.slice(0, 3), 1e-5, 1e-6));
    LightGcn flat(EmbeddingShape{3, 3, 4, 0.1}, graph, 0);
    CHECK(torch::equal(flat.final_embeddings().first, flat.user_weight()));
}
