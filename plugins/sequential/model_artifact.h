// The Model artifact of a sequence model: byte layout (item ids + weights) and the metadata fields read back.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "persona/artifact.h"
#include "sequence_encoder.h"

namespace persona::sequential {

// What a sequence Model's bytes hold: everything needed to score besides the metadata.
struct SavedSequenceModel {
    std::vector<int64_t> item_ids;  // score column c stands for item_ids[c] (item column c + 1)
    std::vector<uint8_t> weights;   // torch_helper::save_module of the encoder
};

std::string serialize_sequence_model(const SavedSequenceModel& saved);
// Throws Error naming the format when the bytes are not a sequence model of this layout.
SavedSequenceModel deserialize_sequence_model(const std::string& bytes, const std::string& format);

// The encoder shape as metadata ("shape": {items, types, dim, max_len, dropout}) and back.
Json shape_to_json(const EncoderShape& shape);
EncoderShape shape_from_json(const Json& json, const std::string& format);

// A metadata field the loader needs; throws Error naming the format and the field when it is missing.
const Json& metadata_field(const Model& model, const std::string& field);

}  // namespace persona::sequential
