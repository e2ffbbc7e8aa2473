// model.ensemble: one recommender from several trained ones, by a weighted sum of their rescaled scores.
#include <numeric>

#include "ensemble_model.h"
#include "operators.h"
#include "persona/context.h"
#include "persona/error.h"

namespace persona::models {

namespace {

constexpr const char* kOp = "model.ensemble";

// The member weights: the `weights` param, or 1 each when it is empty; checked against the member count.
std::vector<double> member_weights(const Params& params, size_t members) {
    std::vector<double> weights = params.numbers("weights");
    if (weights.empty()) return std::vector<double>(members, 1.0);
    if (weights.size() != members)
        throw Error(std::string(kOp) + ": parameter 'weights' has " + std::to_string(weights.size()) +
                    " values but " + std::to_string(members) + " models are connected to 'models'");
    if (std::accumulate(weights.begin(), weights.end(), 0.0) <= 0)
        throw Error(std::string(kOp) + ": parameter 'weights' must have a positive sum");
    return weights;
}

Outputs run_ensemble(Context& ctx, const Inputs& inputs, const Params& params) {
    const std::vector<Input>& connected = inputs.all("models");
    if (connected.size() < 2)
        throw Error(std::string(kOp) + ": input 'models' needs at least 2 models, got " +
                    std::to_string(connected.size()));
    EnsembleModel ensemble;
    ensemble.weights = member_weights(params, connected.size());
    ensemble.scale = params.text("scale") == "raw" ? ScoreScale::Raw : ScoreScale::ZScore;
    Json members = Json::array();
    for (const Input& input : connected) {
        const Model& member = input.artifact->model();
        std::unique_ptr<Recommender> opened;
        try {
            opened = ctx.load_recommender(member);
        } catch (const Error& e) {
            throw Error(std::string(kOp) + ": cannot open model '" + input.label + "': " + e.what());
        }
        members.push_back(Json{{"step", input.label}, {"format", member.format}, {"items", opened->item_ids().size()}});
        ensemble.members.push_back(member);
    }

    Model model;
    model.format = "ensemble";
    model.metadata = Json{{"members", members}, {"weights", ensemble.weights}, {"scale", params.text("scale")}};
    model.bytes = serialize_ensemble(ensemble);
    ctx.progress(1.0, std::to_string(connected.size()) + " models");
    return {{"model", make_artifact(std::move(model))}};
}

}  // namespace

void register_ensemble(Registry& registry) {
    OperatorSpec spec;
    spec.name = kOp;
    spec.version = "0.1.0";
    spec.doc = "Ensemble of recommenders: scores are the weighted sum of the members' per-user rescaled scores";
    spec.input("models", Kind::Model, "trained recommenders of any format (at least 2)", true);
    spec.output("model", Kind::Model, "format 'ensemble': the members' models, weights and score scale");
    spec.param("weights", ParamType::FloatList, Json::array(), "one weight per model, in the order of 'models' "
                                                                "(empty = 1 each)")
        .at_least(0);
    spec.param("scale", ParamType::String, "zscore",
               "zscore: each member's scores of a user are standardized over its items before summing; "
               "raw: summed as they are")
        .one_of({"zscore", "raw"});
    registry.add_operator(std::move(spec), run_ensemble);
    const Registry& models = registry;
    registry.add_recommender_loader("ensemble", [&models](const Model& model) {
        return load_ensemble_recommender(model, models);
    });
}

}  // namespace persona::models
