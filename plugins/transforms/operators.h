// The registration functions of the transforms plugin, one per operator (plugin.cpp calls them all).
#pragma once
#include "persona/plugin.h"

namespace persona::transforms {

void register_clean(Registry& registry);       // transform.clean
void register_filter(Registry& registry);      // transform.filter
void register_split(Registry& registry);       // transform.split
void register_sequences(Registry& registry);   // transform.sequences
void register_keywords(Registry& registry);    // transform.keywords

}  // namespace persona::transforms
