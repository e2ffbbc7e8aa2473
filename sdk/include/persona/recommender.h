// Recommender: the scoring interface a model plugin provides for its Model artifacts.
#pragma once
#include <cstdint>
#include <vector>

namespace persona {

// One user's known history, items in time order (oldest first).
struct UserHistory {
    int64_t user = 0;
    const int64_t* items = nullptr;
    int64_t length = 0;
};

// Scores every item the model knows for a batch of users.
class Recommender {
public:
    virtual ~Recommender() = default;
    // The item ids that columns of the score matrix stand for.
    virtual const std::vector<int64_t>& item_ids() const = 0;
    // Writes batch.size() x item_ids().size() scores (row-major) into scores; higher is better.
    virtual void score(const std::vector<UserHistory>& batch, float* scores) const = 0;
};

}  // namespace persona
