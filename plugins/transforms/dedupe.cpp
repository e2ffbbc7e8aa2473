#include "dedupe.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string_view>
#include <unordered_map>

#include "row_order.h"

namespace persona::transforms {

namespace {

// One column to compare on; string codes are mapped to the first code with the same text.
struct KeyColumn {
    const Column* column;
    std::vector<int64_t> canonical;  // String only: code -> first code with the same text
};

// A row's hash and index, sorted so equal hashes are adjacent and rows ascend within them.
struct HashedRow {
    uint64_t hash;
    int64_t row;
    bool operator<(const HashedRow& other) const {
        return hash != other.hash ? hash < other.hash : row < other.row;
    }
};

uint64_t mix(uint64_t h) {  // splitmix64 finalizer
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

uint64_t float_bits(double value) {
    if (std::isnan(value)) return 0x7ff8000000000000ULL;
    if (value == 0) value = 0;
    uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
}

bool same_float(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

KeyColumn key_column(const Column* column) {
    KeyColumn key{column, {}};
    if (column->type != ColumnType::String) return key;
    std::unordered_map<std::string_view, int64_t> first;
    key.canonical.resize(column->dict.size());
    for (size_t code = 0; code < column->dict.size(); ++code)
        key.canonical[code] = first.emplace(column->dict[code], static_cast<int64_t>(code)).first->second;
    return key;
}

uint64_t cell_hash(const KeyColumn& key, int64_t row, uint64_t h) {
    const Column& c = *key.column;
    switch (c.type) {
        case ColumnType::Int64: return mix(h ^ static_cast<uint64_t>(c.ints[row]));
        case ColumnType::String: {
            int64_t code = c.ints[row];
            return mix(h ^ static_cast<uint64_t>(code < 0 ? -1 : key.canonical[code]));
        }
        case ColumnType::Float64: return mix(h ^ float_bits(c.floats[row]));
        case ColumnType::Vector:
            for (int64_t i = row * c.width; i < (row + 1) * c.width; ++i) h = mix(h ^ float_bits(c.vectors[i]));
            return h;
        case ColumnType::List:
            h = mix(h ^ static_cast<uint64_t>(c.offsets[row + 1] - c.offsets[row]));
            for (int64_t i = c.offsets[row]; i < c.offsets[row + 1]; ++i) h = mix(h ^ static_cast<uint64_t>(c.ints[i]));
            return h;
    }
    return h;
}

bool same_cell(const KeyColumn& key, int64_t a, int64_t b) {
    const Column& c = *key.column;
    switch (c.type) {
        case ColumnType::Int64: return c.ints[a] == c.ints[b];
        case ColumnType::String: {
            int64_t x = c.ints[a], y = c.ints[b];
            if (x < 0 || y < 0) return x < 0 && y < 0;
            return key.canonical[x] == key.canonical[y];
        }
        case ColumnType::Float64: return same_float(c.floats[a], c.floats[b]);
        case ColumnType::Vector:
            for (int64_t i = 0; i < c.width; ++i)
                if (!same_float(c.vectors[a * c.width + i], c.vectors[b * c.width + i])) return false;
            return true;
        case ColumnType::List: {
            int64_t len = c.offsets[a + 1] - c.offsets[a];
            if (len != c.offsets[b + 1] - c.offsets[b]) return false;
            return std::equal(c.ints.begin() + c.offsets[a], c.ints.begin() + c.offsets[a] + len,
                              c.ints.begin() + c.offsets[b]);
        }
    }
    return false;
}

bool same_row(const std::vector<KeyColumn>& keys, int64_t a, int64_t b) {
    for (const auto& key : keys)
        if (!same_cell(key, a, b)) return false;
    return true;
}

}  // namespace

std::vector<int64_t> first_occurrences(const std::vector<const Column*>& on, int64_t rows) {
    std::vector<KeyColumn> keys;
    for (const Column* c : on) keys.push_back(key_column(c));

    std::vector<HashedRow> hashed(rows);
    for (int64_t r = 0; r < rows; ++r) {
        uint64_t h = 0x9e3779b97f4a7c15ULL;
        for (const auto& key : keys) h = cell_hash(key, r, h);
        hashed[r] = HashedRow{h, r};
    }
    std::sort(hashed.begin(), hashed.end());

    // Within a run of equal hashes, a row is kept unless it equals a row kept earlier in the run.
    std::vector<uint8_t> keep(rows, 0);
    std::vector<int64_t> kept_in_run;
    for (size_t begin = 0; begin < hashed.size();) {
        size_t end = begin;
        while (end < hashed.size() && hashed[end].hash == hashed[begin].hash) ++end;
        kept_in_run.clear();
        for (size_t i = begin; i < end; ++i) {
            int64_t row = hashed[i].row;
            bool duplicate = false;
            for (int64_t kept : kept_in_run)
                if (same_row(keys, kept, row)) {
                    duplicate = true;
                    break;
                }
            if (!duplicate) {
                kept_in_run.push_back(row);
                keep[row] = 1;
            }
        }
        begin = end;
    }
    return rows_where(keep);
}

}  // namespace persona::transforms
