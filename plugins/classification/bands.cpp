#include "bands.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "persona/error.h"

namespace persona::classification {

namespace {

// An edge as short text: integers without a decimal point, others with up to 6 significant digits.
std::string edge_text(double edge) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", edge);
    return text;
}

// The default labels: "< e0", "e0-e1", ..., ">= e(n-1)" (a middle band [a, b) reads "a-b").
std::vector<std::string> edge_labels(const std::vector<double>& edges) {
    std::vector<std::string> labels{"< " + edge_text(edges.front())};
    for (size_t i = 1; i < edges.size(); ++i) labels.push_back(edge_text(edges[i - 1]) + "-" + edge_text(edges[i]));
    labels.push_back(">= " + edge_text(edges.back()));
    return labels;
}

}  // namespace

int64_t Bands::band_of(double value) const {
    if (std::isnan(value)) return -1;
    return std::upper_bound(edges.begin(), edges.end(), value) - edges.begin();
}

Bands make_bands(const std::vector<double>& edges, const std::vector<std::string>& labels, const std::string& op) {
    if (edges.empty()) throw Error(op + ": param edges is empty; give at least one edge, e.g. [18, 25, 35]");
    for (size_t i = 0; i < edges.size(); ++i) {
        if (!std::isfinite(edges[i])) throw Error(op + ": param edges has a non-finite value");
        if (i > 0 && !(edges[i] > edges[i - 1]))
            throw Error(op + ": param edges must be strictly increasing; " + edge_text(edges[i]) + " follows " +
                        edge_text(edges[i - 1]));
    }
    Bands bands{edges, labels.empty() ? edge_labels(edges) : labels};
    if (bands.labels.size() != edges.size() + 1)
        throw Error(op + ": param labels has " + std::to_string(labels.size()) + " labels but " +
                    std::to_string(edges.size()) + " edges make " + std::to_string(edges.size() + 1) +
                    " bands; give one label per band (or none)");
    if (std::set<std::string>(bands.labels.begin(), bands.labels.end()).size() != bands.labels.size())
        throw Error(op + ": param labels has a repeated label; each band needs its own");
    return bands;
}

}  // namespace persona::classification
