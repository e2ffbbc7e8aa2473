// MetricsGrid: columns in first-seen order and the best value per column.
#include <catch2/catch.hpp>

#include "metrics_grid.h"

using namespace persona;
using namespace persona::reports;

namespace {

Metrics two_models() {
    Metrics m;
    m.row("pop").set("ndcg@10", 0.03);
    m.row("pop").set("rmse", 1.2);
    m.row("knn").set("rmse", 0.9);
    m.row("knn").set("ndcg@10", 0.05);
    m.row("knn").set("coverage", 0.4);
    return m;
}

}  // namespace

TEST_CASE("lower_is_better knows loss, error, MAE and RMSE in any case") {
    CHECK(lower_is_better("loss"));
    CHECK(lower_is_better("val_loss"));
    CHECK(lower_is_better("error_rate"));
    CHECK(lower_is_better("MAE"));
    CHECK(lower_is_better("rmse"));
    CHECK(lower_is_better("RMSE@test"));
    CHECK_FALSE(lower_is_better("ndcg@10"));
    CHECK_FALSE(lower_is_better("recall"));
    CHECK_FALSE(lower_is_better("auc"));
}

TEST_CASE("grid columns are the union of metric names in first-seen order") {
    MetricsGrid grid = build_metrics_grid(two_models());
    CHECK(grid.row_labels == std::vector<std::string>{"pop", "knn"});
    CHECK(grid.columns == std::vector<std::string>{"ndcg@10", "rmse", "coverage"});
    CHECK(grid.lower_is_better == std::vector<bool>{false, true, false});
    CHECK(grid.cells[0][2].type == MetricCell::Type::Empty);  // pop has no coverage
    CHECK(grid.cells[1][0].number == 0.05);                   // knn's ndcg, given second, sits in column 0
}

TEST_CASE("the best value is the highest, or the lowest for error-like names") {
    MetricsGrid grid = build_metrics_grid(two_models());
    CHECK_FALSE(grid.cells[0][0].best);
    CHECK(grid.cells[1][0].best);       // ndcg 0.05 > 0.03
    CHECK(grid.cells[1][1].best);       // rmse 0.9 < 1.2
    CHECK_FALSE(grid.cells[0][1].best);
    CHECK_FALSE(grid.cells[1][2].best);  // a single value is not marked
}

TEST_CASE("ties are all marked; all-equal columns and text values are not") {
    Metrics m;
    m.row("a").set("hit", 0.5);
    m.row("b").set("hit", 0.5);
    m.row("c").set("hit", 0.25);
    m.row("a").set("same", 1.0);
    m.row("b").set("same", 1.0);
    m.row("a").set("note", std::string("ok"));
    m.row("b").set("note", std::string("zzz"));
    MetricsGrid grid = build_metrics_grid(m);
    CHECK(grid.cells[0][0].best);
    CHECK(grid.cells[1][0].best);
    CHECK_FALSE(grid.cells[2][0].best);
    CHECK_FALSE(grid.cells[0][1].best);
    CHECK_FALSE(grid.cells[1][1].best);
    CHECK(grid.numeric == std::vector<bool>{true, true, false});
    CHECK(grid.cells[1][2].type == MetricCell::Type::Text);
    CHECK(grid.cells[1][2].text == "zzz");
    CHECK_FALSE(grid.cells[1][2].best);
}

TEST_CASE("NaN values are never the best") {
    Metrics m;
    m.row("a").set("auc", NAN);
    m.row("b").set("auc", 0.6);
    m.row("c").set("auc", 0.7);
    MetricsGrid grid = build_metrics_grid(m);
    CHECK_FALSE(grid.cells[0][0].best);
    CHECK_FALSE(grid.cells[1][0].best);
    CHECK(grid.cells[2][0].best);
}
