#include "persona/artifact.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <cstdio>

#include "persona/bytes.h"
#include "persona/error.h"

namespace persona {

namespace {
constexpr uint32_t kMagic = 0x31415350;  // "PSA1" little-endian
const char* const kKindNames[] = {"table", "metrics", "model", "tensors", "files"};

void write_table(ByteWriter& w, const Table& t) {
    w.put<int64_t>(t.rows());
    w.put<uint32_t>(static_cast<uint32_t>(t.num_columns()));
    for (const auto& c : t.columns()) {
        w.put_string(c.name);
        w.put<uint8_t>(static_cast<uint8_t>(c.type));
        switch (c.type) {
            case ColumnType::Int64: w.put_array(c.ints); break;
            case ColumnType::Float64: w.put_array(c.floats); break;
            case ColumnType::String:
                w.put_array(c.ints);
                w.put<uint64_t>(c.dict.size());
                for (const auto& s : c.dict) w.put_string(s);
                break;
            case ColumnType::Vector:
                w.put<int64_t>(c.width);
                w.put_array(c.vectors);
                break;
            case ColumnType::List:
                w.put_array(c.offsets);
                w.put_array(c.ints);
                break;
        }
    }
}

Table read_table(ByteReader& r) {
    Table t;
    int64_t rows = r.get<int64_t>();
    uint32_t n = r.get<uint32_t>();
    for (uint32_t i = 0; i < n; ++i) {
        Column c;
        c.name = r.get_string();
        uint8_t type = r.get<uint8_t>();
        if (type > static_cast<uint8_t>(ColumnType::List)) throw Error("artifact bytes: unknown column type");
        c.type = static_cast<ColumnType>(type);
        switch (c.type) {
            case ColumnType::Int64: c.ints = r.get_array<int64_t>(); break;
            case ColumnType::Float64: c.floats = r.get_array<double>(); break;
            case ColumnType::String: {
                c.ints = r.get_array<int64_t>();
                uint64_t d = r.get<uint64_t>();
                for (uint64_t k = 0; k < d; ++k) c.dict.push_back(r.get_string());
                for (int64_t code : c.ints)
                    if (code >= static_cast<int64_t>(c.dict.size()) || code < kNullCode) throw Error("artifact bytes: bad string code");
                break;
            }
            case ColumnType::Vector:
                c.width = r.get<int64_t>();
                c.vectors = r.get_array<float>();
                break;
            case ColumnType::List:
                c.offsets = r.get_array<int64_t>();
                c.ints = r.get_array<int64_t>();
                break;
        }
        t.add(std::move(c));
    }
    if (n > 0 && t.rows() != rows) throw Error("artifact bytes: row count mismatch");
    return t;
}

void write_metrics(ByteWriter& w, const Metrics& m) {
    w.put<uint64_t>(m.rows.size());
    for (const auto& row : m.rows) {
        w.put_string(row.label);
        w.put<uint64_t>(row.values.size());
        for (const auto& [name, value] : row.values) {
            w.put_string(name);
            if (const double* d = std::get_if<double>(&value)) {
                w.put<uint8_t>(0);
                w.put<double>(*d);
            } else {
                w.put<uint8_t>(1);
                w.put_string(std::get<std::string>(value));
            }
        }
    }
}

Metrics read_metrics(ByteReader& r) {
    Metrics m;
    uint64_t rows = r.get<uint64_t>();
    for (uint64_t i = 0; i < rows; ++i) {
        Metrics::Row row;
        row.label = r.get_string();
        uint64_t n = r.get<uint64_t>();
        for (uint64_t k = 0; k < n; ++k) {
            std::string name = r.get_string();
            uint8_t tag = r.get<uint8_t>();
            if (tag == 0) row.values.emplace_back(name, r.get<double>());
            else row.values.emplace_back(name, r.get_string());
        }
        m.rows.push_back(std::move(row));
    }
    return m;
}
}  // namespace

const char* to_string(Kind kind) { return kKindNames[static_cast<int>(kind)]; }

Kind kind_from_string(std::string_view name) {
    for (int i = 0; i < 5; ++i)
        if (name == kKindNames[i]) return static_cast<Kind>(i);
    throw Error("unknown artifact kind '" + std::string(name) + "' (expected table, metrics, model, tensors or files)");
}

void Metrics::Row::set(const std::string& name, Value value) {
    for (auto& entry : values)
        if (entry.first == name) {
            entry.second = std::move(value);
            return;
        }
    values.emplace_back(name, std::move(value));
}

Metrics::Row& Metrics::row(const std::string& label) {
    for (auto& r : rows)
        if (r.label == label) return r;
    rows.push_back(Row{label, {}});
    return rows.back();
}

template <class T> static const T& get_as(const Artifact::Value& v, Kind want) {
    if (const T* p = std::get_if<T>(&v)) return *p;
    throw Error(std::string("expected a ") + to_string(want) + " artifact, got a " + to_string(static_cast<Kind>(v.index())));
}

const Table& Artifact::table() const { return get_as<Table>(value_, Kind::Table); }
const Metrics& Artifact::metrics() const { return get_as<Metrics>(value_, Kind::Metrics); }
const Model& Artifact::model() const { return get_as<Model>(value_, Kind::Model); }
const Tensors& Artifact::tensors() const { return get_as<Tensors>(value_, Kind::Tensors); }
const Files& Artifact::files() const { return get_as<Files>(value_, Kind::Files); }

std::string Artifact::serialize() const {
    ByteWriter w;
    w.put<uint32_t>(kMagic);
    w.put<uint8_t>(static_cast<uint8_t>(kind()));
    switch (kind()) {
        case Kind::Table: write_table(w, table()); break;
        case Kind::Metrics: write_metrics(w, metrics()); break;
        case Kind::Model: {
            const Model& m = model();
            w.put_string(m.format);
            w.put_string(m.metadata.is_null() ? std::string("null") : m.metadata.dump());
            w.put_string(m.bytes);
            break;
        }
        case Kind::Tensors:
            w.put<uint64_t>(tensors().tensors.size());
            for (const auto& t : tensors().tensors) {
                w.put_string(t.name);
                w.put<uint8_t>(static_cast<uint8_t>(t.dtype));
                w.put_array(t.shape);
                w.put_string(t.data);
            }
            break;
        case Kind::Files:
            w.put<uint64_t>(files().files.size());
            for (const auto& f : files().files) {
                w.put_string(f.name);
                w.put_string(f.bytes);
            }
            break;
    }
    return w.take();
}

Artifact Artifact::deserialize(std::string_view bytes) {
    ByteReader r(bytes);
    if (r.get<uint32_t>() != kMagic) throw Error("artifact bytes: bad magic (not a Persona artifact)");
    uint8_t kind = r.get<uint8_t>();
    Artifact::Value value;
    switch (static_cast<Kind>(kind)) {
        case Kind::Table: value = read_table(r); break;
        case Kind::Metrics: value = read_metrics(r); break;
        case Kind::Model: {
            Model m;
            m.format = r.get_string();
            m.metadata = Json::parse(r.get_string());
            m.bytes = r.get_string();
            value = std::move(m);
            break;
        }
        case Kind::Tensors: {
            Tensors ts;
            uint64_t n = r.get<uint64_t>();
            for (uint64_t i = 0; i < n; ++i) {
                Tensors::Tensor t;
                t.name = r.get_string();
                t.dtype = static_cast<Tensors::DType>(r.get<uint8_t>());
                t.shape = r.get_array<int64_t>();
                t.data = r.get_string();
                ts.tensors.push_back(std::move(t));
            }
            value = std::move(ts);
            break;
        }
        case Kind::Files: {
            Files fs;
            uint64_t n = r.get<uint64_t>();
            for (uint64_t i = 0; i < n; ++i) {
                Files::File f;
                f.name = r.get_string();
                f.bytes = r.get_string();
                fs.files.push_back(std::move(f));
            }
            value = std::move(fs);
            break;
        }
        default: throw Error("artifact bytes: unknown kind " + std::to_string(kind));
    }
    if (!r.done()) throw Error("artifact bytes: trailing data");
    return Artifact(std::move(value));
}

std::string Artifact::content_hash() const { return hash_bytes(serialize()); }

std::string hash_bytes(std::string_view bytes) {
    XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
    char hex[33];
    std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                  static_cast<unsigned long long>(h.low64));
    return hex;
}

}  // namespace persona
