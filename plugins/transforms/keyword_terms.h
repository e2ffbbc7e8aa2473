// Keywords of short texts (product names, titles): lower-cased words, stop words dropped, plurals merged.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace persona::transforms {

// How words become keywords.
struct KeywordRules {
    size_t min_length = 3;                        // shorter words are dropped
    std::unordered_set<std::string> stopwords;    // dropped words (lower case)
    bool merge_plurals = true;                    // "bags" counts as "bag" when "bag" is a word of the texts too
};

// The built-in English stop words (articles, pronouns, prepositions, conjunctions, auxiliaries; lower case).
const std::vector<std::string>& english_stopwords();

// The distinct words of a text in order of first appearance: runs of letters and digits (ASCII, or any
// non-ASCII UTF-8 character), ASCII letters lower-cased, split at anything else; words shorter than min_length
// (in bytes), all-digit words and stop words are dropped.
std::vector<std::string> text_words(std::string_view text, const KeywordRules& rules);

// The keywords of many texts: per text its distinct words after plural merging, in order of first appearance.
std::vector<std::vector<std::string>> text_keywords(const std::vector<std::string>& texts, const KeywordRules& rules);

}  // namespace persona::transforms
