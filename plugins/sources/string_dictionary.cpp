#include "string_dictionary.h"

#include <cstring>

namespace persona::sources {

namespace {

// FNV-1a over 8-byte words then a final mix: fast for short texts, good enough spread for open addressing.
uint64_t hash_text(std::string_view text) {
    uint64_t h = 0xcbf29ce484222325ull ^ text.size();
    const char* p = text.data();
    size_t n = text.size();
    while (n >= 8) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * 0x100000001b3ull;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    uint64_t tail = 0;
    std::memcpy(&tail, p, n);
    h = (h ^ tail) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 32;
    return h;
}

}  // namespace

StringDictionary::StringDictionary() : slots_(64, 0), slot_hashes_(64, 0), mask_(63) {}

int64_t StringDictionary::code(std::string_view text, bool text_is_stable) {
    const uint64_t h = hash_text(text);
    uint64_t i = h & mask_;
    for (;;) {
        const int64_t s = slots_[i];
        if (s == 0) break;
        if (slot_hashes_[i] == h && keys_[s - 1] == text) return s - 1;
        i = (i + 1) & mask_;
    }
    const int64_t code = static_cast<int64_t>(keys_.size());
    if (text_is_stable) {
        keys_.push_back(text);
    } else {
        owned_.emplace_back(text);
        keys_.push_back(owned_.back());
    }
    slots_[i] = code + 1;
    slot_hashes_[i] = h;
    if (keys_.size() * 2 > slots_.size()) grow();
    return code;
}

void StringDictionary::grow() {
    std::vector<int64_t> slots(slots_.size() * 2, 0);
    std::vector<uint64_t> hashes(slots.size(), 0);
    const uint64_t mask = slots.size() - 1;
    for (size_t j = 0; j < slots_.size(); ++j) {
        if (slots_[j] == 0) continue;
        uint64_t i = slot_hashes_[j] & mask;
        while (slots[i] != 0) i = (i + 1) & mask;
        slots[i] = slots_[j];
        hashes[i] = slot_hashes_[j];
    }
    slots_.swap(slots);
    slot_hashes_.swap(hashes);
    mask_ = mask;
}

std::vector<std::string> StringDictionary::take_texts() const {
    std::vector<std::string> texts;
    texts.reserve(keys_.size());
    for (auto k : keys_) texts.emplace_back(k);
    return texts;
}

}  // namespace persona::sources
