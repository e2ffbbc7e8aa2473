#include "saved_embeddings.h"

#include "persona/bytes.h"
#include "persona/error.h"

namespace persona::factorization {

namespace {

constexpr const char* kMagic = "persona.factorization";
constexpr uint32_t kLayoutVersion = 1;

std::vector<float> float_rows(const torch::Tensor& t) {
    const torch::Tensor cpu = t.detach().to(torch::kCPU, torch::kFloat).contiguous();
    return std::vector<float>(cpu.data_ptr<float>(), cpu.data_ptr<float>() + cpu.numel());
}

}  // namespace

SavedEmbeddings save_embeddings(std::vector<int64_t> user_ids, std::vector<int64_t> item_ids,
                                const torch::Tensor& users, const torch::Tensor& items) {
    const bool shapes_match = users.dim() == 2 && items.dim() == 2 && users.size(1) == items.size(1) &&
                              users.size(0) == static_cast<int64_t>(user_ids.size()) &&
                              items.size(0) == static_cast<int64_t>(item_ids.size());
    if (!shapes_match)
        throw Error("saving embeddings: " + std::to_string(user_ids.size()) + " users and " +
                    std::to_string(item_ids.size()) + " items but tensors of shape " + c10::str(users.sizes()) +
                    " and " + c10::str(items.sizes()));
    SavedEmbeddings saved;
    saved.user_ids = std::move(user_ids);
    saved.item_ids = std::move(item_ids);
    saved.dim = users.size(1);
    saved.user_vectors = float_rows(users);
    saved.item_vectors = float_rows(items);
    return saved;
}

std::string serialize_embeddings(const SavedEmbeddings& saved) {
    ByteWriter out;
    out.put_string(kMagic);
    out.put<uint32_t>(kLayoutVersion);
    out.put<int64_t>(saved.dim);
    out.put_array(saved.user_ids);
    out.put_array(saved.item_ids);
    out.put_array(saved.user_vectors);
    out.put_array(saved.item_vectors);
    return out.take();
}

SavedEmbeddings deserialize_embeddings(const std::string& bytes, const std::string& format) {
    ByteReader in(bytes);
    if (in.get_string() != kMagic) throw Error(format + " model: the bytes are not a factorization model");
    const uint32_t version = in.get<uint32_t>();
    if (version != kLayoutVersion)
        throw Error(format + " model: layout version " + std::to_string(version) + ", expected " +
                    std::to_string(kLayoutVersion));
    SavedEmbeddings saved;
    saved.dim = in.get<int64_t>();
    saved.user_ids = in.get_array<int64_t>();
    saved.item_ids = in.get_array<int64_t>();
    saved.user_vectors = in.get_array<float>();
    saved.item_vectors = in.get_array<float>();
    if (!in.done()) throw Error(format + " model: trailing bytes after the embeddings");
    if (saved.dim < 1 || saved.user_vectors.size() != saved.user_ids.size() * static_cast<size_t>(saved.dim) ||
        saved.item_vectors.size() != saved.item_ids.size() * static_cast<size_t>(saved.dim))
        throw Error(format + " model: the embedding sizes do not match " + std::to_string(saved.user_ids.size()) +
                    " users, " + std::to_string(saved.item_ids.size()) + " items of dimension " +
                    std::to_string(saved.dim));
    return saved;
}

}  // namespace persona::factorization
