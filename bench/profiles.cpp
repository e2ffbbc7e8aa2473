// bench_profiles: wall time of profile.behavior + profile.rfm + profile.interests (best of 5, one thread) on
// Online Retail (after profile.transactions) and MovieLens-100K, one line per data set and operator, in the
// format bench/profiles_vs_pandas.sh joins with the pandas timings.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>

#include "persona/kernel/invoke.h"
#include "persona/kernel/registry.h"

using persona::Input;
using persona::Inputs;
using persona::Json;
namespace kernel = persona::kernel;

namespace {

double best_seconds(const kernel::PluginRegistry& registry, const std::string& op, const Inputs& in, const Json& params) {
    kernel::InvokeOptions options;
    options.threads = 1;
    double best = 1e9;
    for (int rep = 0; rep < 5; ++rep) {
        const auto start = std::chrono::steady_clock::now();
        kernel::invoke(registry, op, in, params, options);
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return best;
}

// Prints "data op seconds" for the three operators and their sum.
void time_profiles(const kernel::PluginRegistry& registry, const std::string& data, const Inputs& events,
                   const Inputs& with_items, const Json& behavior, const Json& rfm, const Json& interests) {
    const double b = best_seconds(registry, "profile.behavior", events, behavior);
    const double r = best_seconds(registry, "profile.rfm", events, rfm);
    const double i = best_seconds(registry, "profile.interests", with_items, interests);
    std::cout << data << " behavior " << b << "\n" << data << " rfm " << r << "\n" << data << " interests " << i << "\n"
              << data << " total " << b + r + i << "\n";
}

Inputs port(const std::string& name, persona::ArtifactPtr artifact, Inputs in = {}) {
    in.ports[name].push_back(Input{name, std::move(artifact)});
    return in;
}

}  // namespace

int main(int argc, char** argv) {
    const std::filesystem::path data = argc > 1 ? argv[1] : PERSONA_SOURCE_DIR "/../shared/data";
    kernel::PluginRegistry registry;
    for (const char* plugin : {"persona_sources", "persona_profiles"})
        registry.load(kernel::build_plugin_dir() + "/" + plugin + ".so");
    kernel::InvokeOptions options;

    const Json csv = {{"path", (data / "online-retail/online_retail.csv").string()},
                      {"types", {{"InvoiceDate", "datetime"}, {"InvoiceNo", "string"}, {"StockCode", "string"}}}};
    auto lines = kernel::invoke(registry, "source.csv", Inputs{}, csv, options).at("table");
    const Json columns = {{"user", "CustomerID"}, {"item", "StockCode"}, {"time", "InvoiceDate"}, {"quantity", "Quantity"},
                          {"price", "UnitPrice"}, {"invoice", "InvoiceNo"}};
    auto tx = kernel::invoke(registry, "profile.transactions", port("table", lines), columns, options);
    const Inputs retail = port("events", tx.at("events"));
    time_profiles(registry, "online-retail", retail, port("items", tx.at("items"), retail), Json::object(), Json::object(),
                  {{"price_bands", {1, 2, 5, 10}}});

    auto ml = kernel::invoke(registry, "source.movielens", Inputs{}, {{"path", (data / "ml-100k").string()}}, options);
    const Inputs ratings = port("events", ml.at("ratings"));
    time_profiles(registry, "ml-100k", ratings, port("items", ml.at("items"), ratings), Json::object(),
                  {{"amount", "rating"}}, {{"attributes", {"genres"}}});
    return 0;
}
