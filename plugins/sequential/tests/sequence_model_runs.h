// Running the sequence-model operators in tests: the architectures under test and small, fast settings.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "plugin_test.h"
#include "sequence_test_data.h"

namespace persona::sequential::testing {

// Every architecture with small settings; the tests run over all of them, so adding one is one line.
inline const std::vector<std::pair<std::string, Json>> kModels = {
    {"model.gru4rec", Json::object()},
    {"model.caser", Json{{"window", 3}, {"h_filters", 8}, {"v_filters", 2}}},
    {"model.sasrec", Json{{"layers", 1}}},
    {"model.hstu", Json{{"layers", 1}}},
    {"model.bsarec", Json{{"layers", 1}}},
};

inline const kernel::PluginRegistry& sequential_plugin() {
    return persona::testing::registry_with("persona_sequential");
}

// Small, fast training settings merged with the architecture's and the test's own.
inline Json settings(const Json& architecture, const Json& extra = Json::object()) {
    Json p{{"dim", 32},        {"max_len", 12}, {"dropout", 0.1}, {"epochs", 40},
           {"batch_size", 32}, {"lr", 0.01},    {"patience", 3}};
    p.update(architecture);
    p.update(extra);
    return p;
}

// Trains `op` on the split's train rows (and its valid rows for early stopping unless with_valid is false).
inline RunResult train(const std::string& op, const PlantedSplit& split, const Json& params, uint64_t seed = 1,
                       bool with_valid = true) {
    const Table train_table = split.train.table(), valid_table = split.valid.table();
    return run_operator(sequential_plugin(), op, train_valid(train_table, with_valid ? &valid_table : nullptr), params,
                        seed);
}

// HR@10 on the split's test items of the trained model, through its loaded Recommender.
inline double model_hit_rate(const Outputs& out, const PlantedSplit& split) {
    return hit_rate_at_10(*sequential_plugin().load_recommender(out.at("model")->model()), split);
}

}  // namespace persona::sequential::testing
