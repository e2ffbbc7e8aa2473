// Ensemble model: member models with weights, its byte layout and its Recommender.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "persona/artifact.h"
#include "persona/plugin.h"
#include "persona/recommender.h"

namespace persona::models {

// How member scores are put on one scale before they are averaged.
enum class ScoreScale { ZScore, Raw };

// The trained ensemble: the members' own Model artifacts, one weight each, and the score scale.
struct EnsembleModel {
    std::vector<Model> members;
    std::vector<double> weights;  // same length as members, >= 0, sum > 0
    ScoreScale scale = ScoreScale::ZScore;
};

std::string serialize_ensemble(const EnsembleModel& model);
EnsembleModel deserialize_ensemble(const std::string& bytes);  // throws Error on bad bytes

// Opens an ensemble: each member through the loader of its own format, found in `registry`.
// Scores: for every user, the weighted sum of each member's scores, z-scored over that member's items
// (ScoreScale::ZScore) or as they are (Raw). Items are the union of the members' items, ascending; a
// member that does not know an item adds its mean there (0 after z-scoring).
std::unique_ptr<Recommender> load_ensemble_recommender(const Model& model, const Registry& registry);

}  // namespace persona::models
