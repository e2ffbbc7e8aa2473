// Drawing a ChartBlock: the SVG of its kind with axis names, legends and printed values.
#pragma once
#include <string>

#include "chart_data.h"

namespace persona::reports {

// Appends the chart's <svg>, titled inside.
void append_chart_svg(std::string& out, const ChartBlock& chart);

}  // namespace persona::reports
