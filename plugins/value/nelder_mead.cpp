#include "nelder_mead.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "persona/error.h"

namespace persona::value {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The reflection, expansion, contraction and shrink coefficients for dimension n (Gao & Han 2012; the
// classic 1, 2, 1/2, 1/2 for n = 1 where the adaptive shrink would be 0).
struct Coefficients {
    double reflect = 1, expand = 2, contract = 0.5, shrink = 0.5;
    explicit Coefficients(size_t n) {
        if (n < 2) return;
        const double d = static_cast<double>(n);
        expand = 1 + 2 / d;
        contract = 0.75 - 1 / (2 * d);
        shrink = 1 - 1 / d;
    }
};

// The simplex: n + 1 points with their values, and the counted objective.
class Simplex {
public:
    Simplex(const Objective& f, const std::vector<double>& start, double step) : f_(f), n_(start.size()) {
        points_.push_back(start);
        for (size_t i = 0; i < n_; ++i) {
            std::vector<double> p = start;
            p[i] += step;
            points_.push_back(std::move(p));
        }
        for (const auto& p : points_) values_.push_back(evaluate(p));
        order();
    }

    double evaluate(const std::vector<double>& x) {
        ++evaluations_;
        const double v = f_(x);
        return std::isfinite(v) ? v : kInfinity;
    }

    // Sorts the vertices by value, best first.
    void order() {
        std::vector<size_t> idx(points_.size());
        std::iota(idx.begin(), idx.end(), 0);
        std::stable_sort(idx.begin(), idx.end(), [&](size_t i, size_t j) { return values_[i] < values_[j]; });
        std::vector<std::vector<double>> p;
        std::vector<double> v;
        for (size_t i : idx) {
            p.push_back(points_[i]);
            v.push_back(values_[i]);
        }
        points_.swap(p);
        values_.swap(v);
    }

    bool converged(const NelderMeadOptions& o) const {
        const double spread = values_.back() - values_.front();
        if (!(spread <= o.value_tolerance * (1 + std::fabs(values_.front())))) return false;
        for (size_t i = 1; i < points_.size(); ++i)
            for (size_t k = 0; k < n_; ++k)
                if (std::fabs(points_[i][k] - points_[0][k]) > o.point_tolerance) return false;
        return true;
    }

    // Centroid of all vertices but the worst.
    std::vector<double> centroid() const {
        std::vector<double> c(n_, 0.0);
        for (size_t i = 0; i < n_; ++i)
            for (size_t k = 0; k < n_; ++k) c[k] += points_[i][k] / static_cast<double>(n_);
        return c;
    }

    // c + t (x - c).
    static std::vector<double> along(const std::vector<double>& c, const std::vector<double>& x, double t) {
        std::vector<double> out(c.size());
        for (size_t k = 0; k < c.size(); ++k) out[k] = c[k] + t * (x[k] - c[k]);
        return out;
    }

    void replace_worst(std::vector<double> x, double v) {
        points_.back() = std::move(x);
        values_.back() = v;
    }

    void shrink_towards_best(double delta) {
        for (size_t i = 1; i < points_.size(); ++i) {
            points_[i] = along(points_[0], points_[i], delta);
            values_[i] = evaluate(points_[i]);
        }
    }

    // One Nelder-Mead iteration: reflect, expand, contract or shrink.
    void step(const Coefficients& k) {
        const std::vector<double> c = centroid();
        const std::vector<double>& worst = points_.back();
        std::vector<double> reflected = along(c, worst, -k.reflect);
        const double fr = evaluate(reflected);
        if (fr < values_.front()) {
            std::vector<double> expanded = along(c, reflected, k.expand);
            const double fe = evaluate(expanded);
            if (fe < fr) replace_worst(std::move(expanded), fe);
            else replace_worst(std::move(reflected), fr);
        } else if (fr < values_[n_ - 1]) {
            replace_worst(std::move(reflected), fr);
        } else if (fr < values_.back()) {  // outside contraction
            std::vector<double> contracted = along(c, reflected, k.contract);
            const double fc = evaluate(contracted);
            if (fc <= fr) replace_worst(std::move(contracted), fc);
            else shrink_towards_best(k.shrink);
        } else {  // inside contraction
            std::vector<double> contracted = along(c, worst, k.contract);
            const double fc = evaluate(contracted);
            if (fc < values_.back()) replace_worst(std::move(contracted), fc);
            else shrink_towards_best(k.shrink);
        }
        order();
    }

    const std::vector<double>& best() const { return points_.front(); }
    double best_value() const { return values_.front(); }
    int evaluations() const { return evaluations_; }

private:
    const Objective& f_;
    size_t n_;
    std::vector<std::vector<double>> points_;
    std::vector<double> values_;
    int evaluations_ = 0;
};

}  // namespace

Minimum nelder_mead(const Objective& f, const std::vector<double>& start, double step, const NelderMeadOptions& options) {
    if (start.empty()) throw Error("nelder_mead: the start point has no coordinates");
    Simplex simplex(f, start, step);
    const Coefficients k(start.size());
    Minimum result;
    while (!(result.converged = simplex.converged(options)) && simplex.evaluations() < options.max_evaluations)
        simplex.step(k);
    result.x = simplex.best();
    result.value = simplex.best_value();
    result.evaluations = simplex.evaluations();
    return result;
}

Minimum minimize(const Objective& f, const std::vector<std::vector<double>>& starts, const NelderMeadOptions& options) {
    Minimum best;
    best.value = kInfinity;
    int evaluations = 0;
    for (const auto& start : starts) {
        Minimum m = nelder_mead(f, start, options.initial_step, options);
        evaluations += m.evaluations;
        for (int r = 0; r < options.max_restarts; ++r) {
            Minimum again = nelder_mead(f, m.x, options.restart_step, options);
            evaluations += again.evaluations;
            const bool improved = again.value < m.value - options.value_tolerance * (1 + std::fabs(m.value));
            const int restarts = m.restarts + 1;
            if (again.value <= m.value) m = std::move(again);
            m.restarts = restarts;
            if (!improved) break;
        }
        if (m.value < best.value) best = std::move(m);
    }
    if (!std::isfinite(best.value)) throw Error("minimize: the objective is not finite at or near any start point");
    best.evaluations = evaluations;
    return best;
}

}  // namespace persona::value
