// The sequence architectures of the plugin, one registration function each (operator + Recommender loader).
#pragma once
#include "persona/plugin.h"

namespace persona::sequential {

void register_sasrec(Registry& registry);   // model.sasrec, format "sasrec"   (sasrec_encoder.cpp)
void register_hstu(Registry& registry);     // model.hstu, format "hstu"       (hstu_encoder.cpp)
void register_gru4rec(Registry& registry);  // model.gru4rec, format "gru4rec" (gru4rec_encoder.cpp)
void register_caser(Registry& registry);    // model.caser, format "caser"     (caser_encoder.cpp)
void register_bsarec(Registry& registry);   // model.bsarec, format "bsarec"   (bsarec_encoder.cpp)

}  // namespace persona::sequential
