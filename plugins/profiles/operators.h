// The registration functions of the profiles plugin, one per operator (plugin.cpp calls them all).
#pragma once
#include "persona/plugin.h"

namespace persona::profiles {

void register_transactions(Registry& registry);  // profile.transactions
void register_behavior(Registry& registry);      // profile.behavior
void register_rfm(Registry& registry);           // profile.rfm
void register_lifecycle(Registry& registry);     // profile.lifecycle
void register_interests(Registry& registry);     // profile.interests
void register_identity(Registry& registry);      // profile.identity
void register_assemble(Registry& registry);      // profile.assemble
void register_tags(Registry& registry);          // profile.tags

}  // namespace persona::profiles
