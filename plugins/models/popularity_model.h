// Popularity model: item ids with interaction counts, its byte layout and its Recommender.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "persona/artifact.h"
#include "persona/recommender.h"

namespace persona::models {

// The trained popularity model: item ids (ascending) and how often each was interacted with.
struct PopularityModel {
    std::vector<int64_t> item_ids;
    std::vector<int64_t> counts;
};

// Counts interactions per item; rows whose time is before `cutoff` only make the item known (count 0).
// `times` may be null (count every row). Rows with a null item (or null time when times is set) are
// skipped and counted in `bad_rows`.
PopularityModel count_items(const std::vector<int64_t>& items, const std::vector<int64_t>* times, int64_t cutoff,
                            int64_t& bad_rows);

std::string serialize_popularity(const PopularityModel& model);
PopularityModel deserialize_popularity(const std::string& bytes);  // throws Error on bad bytes

// The loader registered for format "popularity".
std::unique_ptr<Recommender> load_popularity_recommender(const Model& model);

}  // namespace persona::models
