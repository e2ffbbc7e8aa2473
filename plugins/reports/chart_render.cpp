#include "chart_render.h"

namespace persona::reports {

namespace {

constexpr double kChartWidth = 520;
constexpr double kPlotHeight = 220;

void draw(std::string& out, const std::string& title, const BarsData& data) {
    BarChartStyle style;
    style.title = title;
    style.label_header = data.label_name;
    style.value_header = data.value_name;
    style.width = kChartWidth;
    append_bar_chart(out, data.bars, style);
}

void draw(std::string& out, const std::string& title, const HeatmapData& data) {
    HeatmapStyle style;
    style.title = title;
    style.x_label = data.x_name;
    style.y_label = data.y_name;
    style.value_label = data.value_name;
    append_heatmap(out, data.x_labels, data.y_labels, data.values, style);
}

void draw(std::string& out, const std::string& title, const LinesData& data) {
    LineChartStyle style;
    style.title = title;
    style.x_label = data.x_name;
    style.width = kChartWidth;
    style.plot_height = kPlotHeight;
    style.grid = true;
    style.x_categories = data.x_labels;
    append_line_chart(out, data.x, data.series, style);
}

void draw(std::string& out, const std::string& title, const ScatterData& data) {
    ScatterStyle style;
    style.title = title;
    style.x_label = data.x_name;
    style.y_label = data.y_name;
    style.diagonal = data.diagonal;
    style.width = kChartWidth;
    style.plot_height = kPlotHeight + 60;
    append_scatter_chart(out, data.x, data.y, style);
}

}  // namespace

void append_chart_svg(std::string& out, const ChartBlock& chart) {
    std::visit([&](const auto& data) { draw(out, chart.title, data); }, chart.data);
}

}  // namespace persona::reports
