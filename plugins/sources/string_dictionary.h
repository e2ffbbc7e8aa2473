// StringDictionary: dictionary-encodes text values looked up by view, without allocating per value.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace persona::sources {

// Maps distinct texts to dense codes 0, 1, 2... in order of first appearance.
class StringDictionary {
public:
    StringDictionary();

    // The code of `text`. When `text_is_stable` is false the text is copied before it is kept as a key
    // (pass true only for views into memory that outlives the dictionary, such as a mapped file).
    int64_t code(std::string_view text, bool text_is_stable);

    size_t size() const { return keys_.size(); }
    std::string_view key(int64_t code) const { return keys_[static_cast<size_t>(code)]; }
    // The texts by code, as owned strings (call once, at the end).
    std::vector<std::string> take_texts() const;

private:
    void grow();

    std::vector<int64_t> slots_;          // open addressing: code + 1, 0 = empty
    std::vector<uint64_t> slot_hashes_;
    std::vector<std::string_view> keys_;  // by code
    std::deque<std::string> owned_;       // copies of unstable keys (deque keeps them in place)
    uint64_t mask_;
};

}  // namespace persona::sources
