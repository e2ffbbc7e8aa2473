// The registration functions of the tabular plugin, one per operator.
#pragma once
#include "persona/plugin.h"

namespace persona::tabular {

void register_mlp(Registry& registry);  // model.mlp

}  // namespace persona::tabular
