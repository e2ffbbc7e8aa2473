// The operators of the sources plugin: one registration function per source.
#pragma once
#include "persona/plugin.h"

namespace persona::sources {

void register_csv_source(Registry& registry);        // source.csv
void register_movielens_source(Registry& registry);  // source.movielens
void register_sequences_source(Registry& registry);  // source.sequences
void register_synthetic_source(Registry& registry);  // source.synthetic

}  // namespace persona::sources
