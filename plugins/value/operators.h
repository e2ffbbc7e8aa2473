// The registration functions of the value plugin, one per operator.
#pragma once
#include "persona/plugin.h"

namespace persona::value {

void register_bgnbd(Registry& registry);        // model.bgnbd: BG/NBD + Gamma-Gamma customer value
void register_value_metric(Registry& registry);  // metric.value: holdout purchase forecasts vs a naive baseline

}  // namespace persona::value
