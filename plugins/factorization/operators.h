// The registration functions of the factorization plugin, one per operator (each also registers its loader).
#pragma once
#include "persona/plugin.h"

namespace persona::factorization {

void register_bpr_mf(Registry& registry);    // model.bpr_mf + loader "bpr_mf"
void register_lightgcn(Registry& registry);  // model.lightgcn + loader "lightgcn"

}  // namespace persona::factorization
