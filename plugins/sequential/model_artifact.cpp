#include "model_artifact.h"

#include "persona/bytes.h"
#include "persona/error.h"

namespace persona::sequential {

namespace {

constexpr const char* kMagic = "persona.sequential";
constexpr uint32_t kLayoutVersion = 1;

}  // namespace

std::string serialize_sequence_model(const SavedSequenceModel& saved) {
    ByteWriter out;
    out.put_string(kMagic);
    out.put<uint32_t>(kLayoutVersion);
    out.put_array(saved.item_ids);
    out.put_array(saved.weights);
    return out.take();
}

SavedSequenceModel deserialize_sequence_model(const std::string& bytes, const std::string& format) {
    ByteReader in(bytes);
    if (in.get_string() != kMagic) throw Error(format + " model: the bytes are not a sequence model");
    const uint32_t version = in.get<uint32_t>();
    if (version != kLayoutVersion)
        throw Error(format + " model: layout version " + std::to_string(version) + ", expected " +
                    std::to_string(kLayoutVersion));
    SavedSequenceModel saved;
    saved.item_ids = in.get_array<int64_t>();
    saved.weights = in.get_array<uint8_t>();
    if (!in.done()) throw Error(format + " model: trailing bytes after the weights");
    return saved;
}

Json shape_to_json(const EncoderShape& shape) {
    return Json{{"items", shape.items},
                {"types", shape.types},
                {"dim", shape.dim},
                {"max_len", shape.max_len},
                {"dropout", shape.dropout}};
}

EncoderShape shape_from_json(const Json& json, const std::string& format) {
    try {
        EncoderShape shape;
        shape.items = json.at("items").get<int64_t>();
        shape.types = json.at("types").get<int64_t>();
        shape.dim = json.at("dim").get<int64_t>();
        shape.max_len = json.at("max_len").get<int64_t>();
        shape.dropout = json.at("dropout").get<double>();
        return shape;
    } catch (const Json::exception& e) {
        throw Error(format + " model: the metadata 'shape' is incomplete (" + e.what() +
                    "); expected items, types, dim, max_len, dropout");
    }
}

const Json& metadata_field(const Model& model, const std::string& field) {
    if (!model.metadata.is_object() || !model.metadata.contains(field))
        throw Error(model.format + " model: the metadata has no '" + field + "' (was it written by this plugin?)");
    return model.metadata.at(field);
}

}  // namespace persona::sequential
