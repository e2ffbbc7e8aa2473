// Little helpers to write and read the compact binary form of artifacts and model weights.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "persona/error.h"

namespace persona {

// Appends plain values, strings and arrays to a byte string.
class ByteWriter {
public:
    template <class T> void put(T value) {
        static_assert(std::is_trivially_copyable_v<T>);
        out_.append(reinterpret_cast<const char*>(&value), sizeof(T));
    }
    void put_string(std::string_view text) {
        put<uint64_t>(text.size());
        out_.append(text.data(), text.size());
    }
    template <class T> void put_array(const std::vector<T>& values) {
        static_assert(std::is_trivially_copyable_v<T>);
        put<uint64_t>(values.size());
        out_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
    }
    const std::string& bytes() const { return out_; }
    std::string take() { return std::move(out_); }
private:
    std::string out_;
};

// Reads what ByteWriter wrote; throws Error on truncated input.
class ByteReader {
public:
    explicit ByteReader(std::string_view bytes) : data_(bytes) {}
    template <class T> T get() {
        static_assert(std::is_trivially_copyable_v<T>);
        need(sizeof(T));
        T value;
        std::memcpy(&value, data_.data() + pos_, sizeof(T));
        pos_ += sizeof(T);
        return value;
    }
    std::string get_string() {
        uint64_t n = get<uint64_t>();
        need(n);
        std::string s(data_.substr(pos_, n));
        pos_ += n;
        return s;
    }
    template <class T> std::vector<T> get_array() {
        uint64_t n = get<uint64_t>();
        if (n > (data_.size() - pos_) / (sizeof(T) ? sizeof(T) : 1)) throw Error("artifact bytes are truncated");
        std::vector<T> values(n);
        if (n) std::memcpy(values.data(), data_.data() + pos_, n * sizeof(T));
        pos_ += n * sizeof(T);
        return values;
    }
    bool done() const { return pos_ == data_.size(); }
private:
    void need(uint64_t n) const {
        if (n > data_.size() - pos_) throw Error("artifact bytes are truncated");
    }
    std::string_view data_;
    size_t pos_ = 0;
};

}  // namespace persona
