// The registration functions of the models plugin, one per operator (each also registers its loader).
#pragma once
#include "persona/plugin.h"

namespace persona::models {

void register_popularity(Registry& registry);  // model.popularity + loader "popularity"
void register_itemknn(Registry& registry);     // model.itemknn + loader "itemknn"
void register_ensemble(Registry& registry);    // model.ensemble + loader "ensemble" (opens members via registry)

}  // namespace persona::models
