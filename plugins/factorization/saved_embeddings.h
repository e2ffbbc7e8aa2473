// SavedEmbeddings: the bytes of a factorization Model — ids and final embeddings, so scoring needs no graph.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <torch/types.h>

namespace persona::factorization {

// Row u of user_vectors is user_ids[u]'s final embedding, row c of item_vectors item_ids[c]'s (row-major).
struct SavedEmbeddings {
    std::vector<int64_t> user_ids;
    std::vector<int64_t> item_ids;
    int64_t dim = 0;
    std::vector<float> user_vectors;  // user_ids.size() * dim
    std::vector<float> item_vectors;  // item_ids.size() * dim
};

// Copies final embeddings ([users, dim], [items, dim], any device) into a SavedEmbeddings.
SavedEmbeddings save_embeddings(std::vector<int64_t> user_ids, std::vector<int64_t> item_ids,
                                const torch::Tensor& users, const torch::Tensor& items);

std::string serialize_embeddings(const SavedEmbeddings& saved);
// Throws Error naming the format when the bytes are not a factorization model of this layout.
SavedEmbeddings deserialize_embeddings(const std::string& bytes, const std::string& format);

}  // namespace persona::factorization
