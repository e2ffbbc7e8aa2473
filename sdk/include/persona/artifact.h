// Artifacts: the immutable values steps produce (Table, Metrics, Model, Tensors, Files).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "persona/table.h"

namespace persona {

using Json = nlohmann::json;

// What kind of value an artifact (or a port) holds.
enum class Kind : uint8_t { Table = 0, Metrics = 1, Model = 2, Tensors = 3, Files = 4 };

const char* to_string(Kind kind);
Kind kind_from_string(std::string_view name);  // throws Error for an unknown name

// Ordered metric rows: each row has a label (e.g. the model's step id) and named values.
struct Metrics {
    using Value = std::variant<double, std::string>;
    struct Row {
        std::string label;
        std::vector<std::pair<std::string, Value>> values;
        void set(const std::string& name, Value value);  // replaces or appends
    };
    std::vector<Row> rows;
    Row& row(const std::string& label);  // finds or appends the row with this label
};

// A trained model: plugin-owned bytes plus the format that tells which loader reads them.
struct Model {
    std::string format;   // loader name registered by the plugin, e.g. "itemknn"
    Json metadata;        // small facts about the model (sizes, hyper-parameters)
    std::string bytes;    // the weights, in the plugin's own layout
};

// Named n-dimensional arrays (float32, float64 or int64), independent of LibTorch.
struct Tensors {
    enum class DType : uint8_t { Float32 = 0, Float64 = 1, Int64 = 2 };
    struct Tensor {
        std::string name;
        DType dtype = DType::Float32;
        std::vector<int64_t> shape;
        std::string data;  // raw little-endian values, row-major
    };
    std::vector<Tensor> tensors;
};

// Files a step produces (report pages, charts), written out by the CLI after a run.
struct Files {
    struct File {
        std::string name;  // relative path, e.g. "index.html"
        std::string bytes;
    };
    std::vector<File> files;
};

// One artifact: exactly one of the values above.
class Artifact {
public:
    using Value = std::variant<Table, Metrics, Model, Tensors, Files>;
    explicit Artifact(Value value) : value_(std::move(value)) {}

    Kind kind() const { return static_cast<Kind>(value_.index()); }
    const Table& table() const;      // each accessor throws Error naming the actual kind
    const Metrics& metrics() const;
    const Model& model() const;
    const Tensors& tensors() const;
    const Files& files() const;

    std::string serialize() const;                             // compact binary form
    static Artifact deserialize(std::string_view bytes);       // throws Error on bad bytes
    std::string content_hash() const;                          // hex XXH3-128 of serialize()
private:
    Value value_;
};

using ArtifactPtr = std::shared_ptr<const Artifact>;

template <class T> ArtifactPtr make_artifact(T value) {
    return std::make_shared<const Artifact>(Artifact::Value(std::move(value)));
}

// Hex XXH3-128 of any bytes (artifacts, files, plugin libraries).
std::string hash_bytes(std::string_view bytes);

}  // namespace persona
