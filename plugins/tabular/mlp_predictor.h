// MlpPredictor: a trained MLP with its feature layout and target encoding; predicts tables and
// converts to and from a Model artifact (format "mlp").
#pragma once
#include <memory>
#include <string>

#include "feature_layout.h"
#include "persona/artifact.h"
#include "persona/table.h"
#include "target_encoding.h"

namespace persona::tabular {

class MlpNetworkImpl;

// The Model format name of model.mlp.
inline constexpr const char* kMlpFormat = "mlp";

// Everything needed to predict: layout, target encoding and the network (kept on the CPU).
class MlpPredictor {
public:
    MlpPredictor(FeatureLayout layout, TargetEncoding target, std::shared_ptr<MlpNetworkImpl> network);
    ~MlpPredictor();
    MlpPredictor(MlpPredictor&&) noexcept;
    MlpPredictor& operator=(MlpPredictor&&) noexcept;

    // Predicts every row of `rows` (input port `input`): the `id` column (when present), `prediction`
    // (string class or float64 value) and, for classification, float64 `p_<class>` per class.
    Table predict(const Table& rows, const std::string& id, const std::string& input, EncodeCounts& counts) const;

    // The Model artifact: metadata {layout, target, shape} plus `extra`, bytes = the network's weights.
    Model to_model(const Json& extra = Json::object()) const;
    // Rebuilds the predictor saved by to_model; throws Error on another format or mismatched weights.
    static MlpPredictor from_model(const Model& model);

    const FeatureLayout& layout() const { return layout_; }
    const TargetEncoding& target() const { return target_; }

private:
    FeatureLayout layout_;
    TargetEncoding target_;
    std::shared_ptr<MlpNetworkImpl> network_;
};

}  // namespace persona::tabular
