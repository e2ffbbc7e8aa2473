#include "bpr_batches.h"

#include <algorithm>

#include "persona/error.h"

namespace persona::factorization {

uint64_t SplitMix64::next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint64_t SplitMix64::below(uint64_t bound) {
    // Rejection keeps the draw uniform: values past the last whole multiple of bound are redrawn.
    const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    uint64_t value = next();
    while (value >= limit) value = next();
    return value % bound;
}

BprBatches::BprBatches(const InteractionData& data, int64_t batch_size, int64_t negatives)
    : data_(data), batch_size_(batch_size), negatives_(negatives) {
    if (batch_size < 1 || negatives < 1)
        throw Error("BPR batches: batch_size and negatives must be at least 1 (got " + std::to_string(batch_size) +
                    ", " + std::to_string(negatives) + ")");
    pair_users_.reserve(data.items.size());
    pair_items_.reserve(data.items.size());
    for (int64_t u = 0; u < data.user_count(); ++u) {
        if (data.degree(u) >= data.item_count()) {
            excluded_pairs_ += data.degree(u);
            continue;
        }
        for (int64_t p = data.offsets[u]; p < data.offsets[u + 1]; ++p) {
            pair_users_.push_back(u);
            pair_items_.push_back(data.items[p]);
        }
    }
}

int64_t BprBatches::batch_count() const { return (examples() + batch_size_ - 1) / batch_size_; }

int64_t BprBatches::start_epoch(uint64_t seed) {
    const int64_t n = examples();
    SplitMix64 random(seed);
    order_.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) order_[i] = i;
    for (int64_t i = n - 1; i > 0; --i) std::swap(order_[i], order_[random.below(static_cast<uint64_t>(i + 1))]);

    const uint64_t items = static_cast<uint64_t>(data_.item_count());
    sampled_.resize(static_cast<size_t>(n * negatives_));
    for (int64_t i = 0; i < n; ++i) {
        const int64_t user = pair_users_[order_[i]];
        for (int64_t k = 0; k < negatives_; ++k) {
            int64_t item = static_cast<int64_t>(random.below(items));
            while (data_.contains(user, item)) item = static_cast<int64_t>(random.below(items));
            sampled_[i * negatives_ + k] = item;
        }
    }
    return batch_count();
}

int64_t BprBatches::batch_examples(int64_t index) const {
    return std::min(batch_size_, examples() - index * batch_size_);
}

BprBatch BprBatches::batch(int64_t index) const {
    const int64_t begin = index * batch_size_;
    const int64_t size = batch_examples(index);
    auto users = torch::empty({size}, torch::kLong);
    auto positives = torch::empty({size}, torch::kLong);
    int64_t* u = users.data_ptr<int64_t>();
    int64_t* p = positives.data_ptr<int64_t>();
    for (int64_t i = 0; i < size; ++i) {
        const int64_t pair = order_[begin + i];
        u[i] = pair_users_[pair];
        p[i] = pair_items_[pair];
    }
    auto negatives = torch::empty({size, negatives_}, torch::kLong);
    std::copy(sampled_.begin() + begin * negatives_, sampled_.begin() + (begin + size) * negatives_,
              negatives.data_ptr<int64_t>());
    return BprBatch{users, positives, negatives};
}

}  // namespace persona::factorization
