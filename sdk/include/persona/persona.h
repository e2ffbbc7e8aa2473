// Everything a plugin needs, in one include.
#pragma once
#include "persona/artifact.h"
#include "persona/bytes.h"
#include "persona/context.h"
#include "persona/error.h"
#include "persona/operator.h"
#include "persona/plugin.h"
#include "persona/recommender.h"
#include "persona/table.h"
