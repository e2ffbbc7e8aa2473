#include "training_batches.h"

#include <algorithm>

#include "left_padding.h"

namespace persona::sequential {

namespace {

// SplitMix64: a small, portable generator (same draws on every platform and standard library).
uint64_t next_random(uint64_t& state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// A uniform integer in [0, n).
int64_t uniform_below(uint64_t& state, int64_t n) { return static_cast<int64_t>(next_random(state) % uint64_t(n)); }

// Tries before bce negative sampling gives up excluding the user's items (a user who saw nearly everything).
constexpr int kMaxRejections = 64;

torch::Tensor zeros(int64_t rows, int64_t cols) { return torch::zeros({rows, cols}, torch::kLong); }

}  // namespace

TrainingBatches::TrainingBatches(const SequenceData& data, int64_t max_len, int64_t batch_size,
                                 NegativeSampling sampling, int64_t shared_negatives, bool length_buckets,
                                 ExampleKind kind, bool empty_prefix)
    : data_(data),
      max_len_(max_len),
      batch_size_(batch_size),
      sampling_(sampling),
      shared_negatives_(shared_negatives),
      length_buckets_(length_buckets),
      kind_(kind) {
    for (int64_t u = 0; u < data.user_count(); ++u) {
        if (kind == ExampleKind::Sequences && data.length(u) >= 2) examples_.push_back({u, data.length(u) - 1});
        if (kind == ExampleKind::Prefixes)
            for (int64_t inputs = empty_prefix ? 0 : 1; inputs < data.length(u); ++inputs) examples_.push_back({u, inputs});
    }
    if (sampling == NegativeSampling::PerPosition) {
        sorted_items_ = data.items;
        for (int64_t u = 0; u < data.user_count(); ++u)
            std::sort(sorted_items_.begin() + data.offsets[u], sorted_items_.begin() + data.offsets[u + 1]);
    }
}

int64_t TrainingBatches::start_epoch(uint64_t seed) {
    epoch_seed_ = seed;
    std::sort(examples_.begin(), examples_.end());
    uint64_t state = seed;
    for (int64_t i = examples() - 1; i > 0; --i) std::swap(examples_[i], examples_[uniform_below(state, i + 1)]);
    batch_begin_.clear();
    for (int64_t begin = 0; begin < examples(); begin += batch_size_) batch_begin_.push_back(begin);
    batch_begin_.push_back(examples());
    if (length_buckets_) order_by_length(state);
    return batches();
}

int64_t TrainingBatches::input_length(const Example& example) const { return std::min(example.inputs, max_len_); }

// Stable sort by length keeps the shuffled order among equal lengths; then whole batches are shuffled
// (the short last batch of the sort included), so an epoch still visits lengths in random order.
void TrainingBatches::order_by_length(uint64_t& state) {
    std::stable_sort(examples_.begin(), examples_.end(),
                     [&](const Example& a, const Example& b) { return input_length(a) < input_length(b); });
    const int64_t n = batches();
    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) order[i] = i;
    for (int64_t i = n - 1; i > 0; --i) std::swap(order[i], order[uniform_below(state, i + 1)]);
    std::vector<Example> shuffled;
    std::vector<int64_t> begins;
    shuffled.reserve(examples_.size());
    for (int64_t batch : order) {
        begins.push_back(static_cast<int64_t>(shuffled.size()));
        shuffled.insert(shuffled.end(), examples_.begin() + batch_begin_[batch],
                        examples_.begin() + batch_begin_[batch + 1]);
    }
    begins.push_back(examples());
    examples_ = std::move(shuffled);
    batch_begin_ = std::move(begins);
}

int64_t TrainingBatches::batches() const { return (examples() + batch_size_ - 1) / batch_size_; }

int64_t TrainingBatches::batch_examples(int64_t index) const {
    return batch_begin_.at(index + 1) - batch_begin_.at(index);
}

int64_t TrainingBatches::sample_unseen(int64_t user_row, uint64_t& state) const {
    const int64_t n = data_.item_columns() - 1;
    const auto begin = sorted_items_.begin() + data_.offsets[user_row];
    const auto end = sorted_items_.begin() + data_.offsets[user_row + 1];
    int64_t column = 1 + uniform_below(state, n);
    for (int tries = 1; tries < kMaxRejections && std::binary_search(begin, end, column); ++tries)
        column = 1 + uniform_below(state, n);
    return column;
}

TrainingBatch TrainingBatches::batch(int64_t index) const {
    const int64_t rows = batch_examples(index);
    int64_t width = max_len_;
    if (length_buckets_) {
        width = 1;
        for (int64_t b = 0; b < rows; ++b) width = std::max(width, input_length(examples_[batch_begin_[index] + b]));
    }
    const bool types = data_.has_types(), per_position = sampling_ == NegativeSampling::PerPosition;
    TrainingBatch out;
    SequenceBatch& s = out.sequences;
    s.items = zeros(rows, width);
    s.targets = zeros(rows, width);
    s.times = zeros(rows, width);
    if (types) s.types = zeros(rows, width);
    if (per_position) out.negatives = zeros(rows, width);
    int64_t* items = s.items.data_ptr<int64_t>();
    int64_t* targets = s.targets.data_ptr<int64_t>();
    int64_t* times = s.times.data_ptr<int64_t>();
    int64_t* type_codes = types ? s.types.data_ptr<int64_t>() : nullptr;
    int64_t* negatives = per_position ? out.negatives.data_ptr<int64_t>() : nullptr;

    uint64_t state = epoch_seed_ ^ (0xD1B54A32D192ED03ull * uint64_t(index + 1));
    const bool every_position = kind_ == ExampleKind::Sequences;
    for (int64_t b = 0; b < rows; ++b) {
        const Example& example = examples_[batch_begin_[index] + b];
        const int64_t u = example.user, begin = data_.offsets[u], inputs = example.inputs;  // input = seq[:inputs]
        copy_left_padded(&data_.items[begin], inputs, items + b * width, width);
        if (every_position)
            copy_left_padded(&data_.items[begin + 1], inputs, targets + b * width, width);
        else
            targets[b * width + width - 1] = data_.items[begin + inputs];
        copy_left_padded(&data_.times[begin], inputs, times + b * width, width);
        if (types) copy_left_padded(&data_.types[begin], inputs, type_codes + b * width, width);
        if (per_position)
            for (int64_t p = every_position ? width - std::min(inputs, width) : width - 1; p < width; ++p)
                negatives[b * width + p] = sample_unseen(u, state);
    }
    if (sampling_ == NegativeSampling::Shared) {
        out.negatives = torch::empty({shared_negatives_}, torch::kLong);
        int64_t* shared = out.negatives.data_ptr<int64_t>();
        for (int64_t k = 0; k < shared_negatives_; ++k) shared[k] = 1 + uniform_below(state, data_.item_columns() - 1);
    }
    return out;
}

}  // namespace persona::sequential
