// The registration functions of the metrics plugin, one per operator.
#pragma once
#include "persona/plugin.h"

namespace persona::metrics {

void register_ranking(Registry& registry);  // metric.ranking

}  // namespace persona::metrics
