#include "history_encoding.h"

#include <algorithm>

#include "left_padding.h"

namespace persona::sequential {

std::vector<HistoryView> user_histories(const SequenceData& data, const std::vector<int64_t>& user_rows) {
    std::vector<HistoryView> views;
    views.reserve(user_rows.size());
    for (int64_t u : user_rows) {
        const int64_t begin = data.offsets[u];
        views.push_back(HistoryView{&data.items[begin], data.has_types() ? &data.types[begin] : nullptr,
                                    &data.times[begin], data.length(u)});
    }
    return views;
}

SequenceBatch history_batch(const std::vector<HistoryView>& histories, const HistoryFormat& format) {
    const int64_t rows = static_cast<int64_t>(histories.size());
    int64_t width = 1;  // only as wide as the longest history: encoders anchor positions at the end
    for (const HistoryView& h : histories) width = std::max(width, std::min(h.length, format.max_len));
    SequenceBatch batch;
    batch.items = torch::zeros({rows, width}, torch::kLong);
    if (format.types) batch.types = torch::zeros({rows, width}, torch::kLong);
    if (format.times) batch.times = torch::zeros({rows, width}, torch::kLong);
    int64_t* items = batch.items.data_ptr<int64_t>();
    int64_t* types = format.types ? batch.types.data_ptr<int64_t>() : nullptr;
    int64_t* times = format.times ? batch.times.data_ptr<int64_t>() : nullptr;
    for (int64_t b = 0; b < rows; ++b) {
        const HistoryView& h = histories[b];
        const int64_t kept = copy_left_padded(h.items, h.length, items + b * width, width);
        if (types && h.types) copy_left_padded(h.types, h.length, types + b * width, width);
        if (types && !h.types)
            std::fill(types + b * width + (width - kept), types + (b + 1) * width, format.default_type);
        if (times && h.times) copy_left_padded(h.times, h.length, times + b * width, width);
    }
    return batch;
}

SequenceBatch to_device(const SequenceBatch& batch, const c10::Device& device) {
    auto move = [&](const torch::Tensor& t) { return t.defined() ? t.to(device) : t; };
    return SequenceBatch{move(batch.items), move(batch.types), move(batch.times), move(batch.targets)};
}

torch::Tensor last_hidden(SequenceEncoder& encoder, const std::vector<HistoryView>& histories,
                          const HistoryFormat& format, const c10::Device& device, int64_t chunk) {
    torch::NoGradGuard no_grad;
    const int64_t total = static_cast<int64_t>(histories.size());
    if (total == 0) return torch::zeros({0, encoder.item_embeddings().size(1)}, torch::TensorOptions(device));
    // Chunks of similar length (each batch is only as wide as its longest history), then the original order.
    std::vector<int64_t> order(static_cast<size_t>(total));
    for (int64_t i = 0; i < total; ++i) order[i] = i;
    auto kept = [&](int64_t i) { return std::min(histories[i].length, format.max_len); };
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return kept(a) < kept(b); });
    std::vector<torch::Tensor> parts;
    for (int64_t begin = 0; begin < total; begin += chunk) {
        const int64_t end = std::min(total, begin + chunk);
        std::vector<HistoryView> slice;
        for (int64_t i = begin; i < end; ++i) slice.push_back(histories[order[i]]);
        parts.push_back(encoder.encode_last(to_device(history_batch(slice, format), device)));
    }
    const torch::Tensor sorted = parts.size() == 1 ? parts[0] : torch::cat(parts, 0);
    const torch::Tensor positions = torch::from_blob(order.data(), {total}, torch::kLong).to(device);
    return torch::empty_like(sorted).index_copy_(0, positions, sorted);
}

}  // namespace persona::sequential
