// Training curves: tables with a numeric `epoch` column (e.g. a model's `curve` output: epoch, loss,
// valid_ndcg@10, lr, seconds) drawn as a line chart of the losses and metrics against the epoch.
#pragma once
#include <string>

#include "persona/table.h"

namespace persona::reports {

// True when the table has a numeric `epoch` column and at least one other column to draw (see below).
bool is_training_curve(const Table& table);

// Appends one line chart titled `label`: rows in epoch order (rows without an epoch left out), columns whose
// name contains "loss" on the left axis, the other numeric columns (metrics) on the right axis; `lr` and
// `seconds` are not drawn. With only losses or only metrics there is one axis.
void append_training_curve_chart(std::string& out, const Table& table, const std::string& label);

}  // namespace persona::reports
