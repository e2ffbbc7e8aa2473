#include "keyword_terms.h"

#include <algorithm>
#include <unordered_map>

namespace persona::transforms {

namespace {

// ASCII letters and digits, and every byte of a multi-byte UTF-8 character (so "crème" stays one word).
bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool all_digits(const std::string& word) {
    return std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Adds `word` to `words` unless it is there already.
void add_distinct(std::vector<std::string>& words, const std::string& word) {
    if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(word);
}

}  // namespace

const std::vector<std::string>& english_stopwords() {
    static const std::vector<std::string> words = {
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
        "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does",
        "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he",
        "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "me", "more",
        "most", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours",
        "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their",
        "theirs", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
        "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
        "will", "with", "would", "you", "your", "yours"};
    return words;
}

std::vector<std::string> text_words(std::string_view text, const KeywordRules& rules) {
    std::vector<std::string> words;
    std::string word;
    auto flush = [&] {
        if (word.size() >= rules.min_length && !all_digits(word) && !rules.stopwords.count(word)) add_distinct(words, word);
        word.clear();
    };
    for (char c : text) {
        if (is_word_char(c)) word += lower(c);
        else flush();
    }
    flush();
    return words;
}

std::vector<std::vector<std::string>> text_keywords(const std::vector<std::string>& texts, const KeywordRules& rules) {
    std::vector<std::vector<std::string>> words;
    words.reserve(texts.size());
    std::unordered_set<std::string> seen;
    for (const auto& text : texts) {
        words.push_back(text_words(text, rules));
        seen.insert(words.back().begin(), words.back().end());
    }
    if (!rules.merge_plurals) return words;
    // "bags" -> "bag" when "bag" is a word of some text (and long enough to be kept).
    std::unordered_map<std::string, std::string> singular;
    for (const auto& word : seen)
        if (word.size() > rules.min_length && word.back() == 's' && word[word.size() - 2] != 's' &&
            seen.count(word.substr(0, word.size() - 1)))
            singular[word] = word.substr(0, word.size() - 1);
    for (auto& list : words) {
        std::vector<std::string> merged;
        for (const auto& word : list) {
            auto found = singular.find(word);
            add_distinct(merged, found == singular.end() ? word : found->second);
        }
        list = std::move(merged);
    }
    return words;
}

}  // namespace persona::transforms
