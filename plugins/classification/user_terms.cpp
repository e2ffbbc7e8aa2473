#include "user_terms.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <unordered_map>

namespace persona::classification {

namespace {

// One (user, term, value) contribution of an event.
struct Entry {
    int64_t user;
    int64_t term;
    double value;
};

// The value an event row contributes (1 without a value column); NaN when the value is null.
double event_value(const EventColumns& events, int64_t row) {
    return events.value ? events.value->number(row) : 1.0;
}

// True when the row's user, item and value are all present; counts the row as bad otherwise.
bool usable_row(const EventColumns& events, int64_t row, TermCounts& counts) {
    if (events.user->is_null(row) || events.item->is_null(row) || std::isnan(event_value(events, row))) {
        ++counts.bad_rows;
        return false;
    }
    return true;
}

// Sorts the entries by (user, term), sums repeated pairs and builds the compressed rows.
UserTerms compress(std::vector<Entry> entries, TermVocabulary vocabulary) {
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return std::tie(a.user, a.term) < std::tie(b.user, b.term);
    });
    UserTerms out;
    out.vocabulary = std::move(vocabulary);
    for (size_t i = 0; i < entries.size(); ++i) {
        const Entry& e = entries[i];
        if (out.users.empty() || out.users.back() != e.user) {
            out.users.push_back(e.user);
            out.offsets.push_back(static_cast<int64_t>(out.terms.size()));
        }
        if (i > 0 && entries[i - 1].user == e.user && entries[i - 1].term == e.term) {
            out.tf.back() += e.value;
        } else {
            out.terms.push_back(e.term);
            out.tf.push_back(e.value);
        }
    }
    out.offsets.push_back(static_cast<int64_t>(out.terms.size()));
    return out;
}

// The sorted distinct values of `ids`.
std::vector<int64_t> sorted_distinct(std::vector<int64_t> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

// The pieces of `text` between separators, without empty ones ("" separator: the whole text).
std::vector<std::string> split_values(const std::string& text, const std::string& separator) {
    std::vector<std::string> pieces;
    if (separator.empty()) {
        if (!text.empty()) pieces.push_back(text);
        return pieces;
    }
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(separator, start);
        if (end == std::string::npos) end = text.size();
        if (end > start) pieces.push_back(text.substr(start, end - start));
        start = end + separator.size();
    }
    return pieces;
}

}  // namespace

UserTerms item_terms(const EventColumns& events, TermCounts& counts) {
    std::vector<int64_t> rows, items;
    for (int64_t row = 0; row < events.user->size(); ++row) {
        if (!usable_row(events, row, counts)) continue;
        rows.push_back(row);
        items.push_back(events.item->ints[row]);
    }
    TermVocabulary vocabulary;
    vocabulary.items = true;
    vocabulary.item_ids = sorted_distinct(items);
    std::vector<Entry> entries;
    entries.reserve(rows.size());
    for (int64_t row : rows) {
        const int64_t item = events.item->ints[row];
        const int64_t term = std::lower_bound(vocabulary.item_ids.begin(), vocabulary.item_ids.end(), item) -
                             vocabulary.item_ids.begin();
        entries.push_back({events.user->ints[row], term, event_value(events, row)});
    }
    return compress(std::move(entries), std::move(vocabulary));
}

UserTerms attribute_terms(const EventColumns& events, const Column& item_ids, const Column& attribute,
                          const std::string& separator, TermCounts& counts) {
    // Each item's attribute values, then the vocabulary of all values and each item's term indices.
    std::unordered_map<int64_t, std::vector<std::string>> values_of;
    std::vector<std::string> all_values;
    for (int64_t row = 0; row < item_ids.size(); ++row) {
        if (item_ids.is_null(row)) continue;
        auto pieces = attribute.is_null(row) ? std::vector<std::string>{}
                                             : split_values(std::string(attribute.text(row)), separator);
        all_values.insert(all_values.end(), pieces.begin(), pieces.end());
        auto& kept = values_of[item_ids.ints[row]];
        kept.insert(kept.end(), pieces.begin(), pieces.end());
    }
    TermVocabulary vocabulary;
    vocabulary.items = false;
    std::sort(all_values.begin(), all_values.end());
    all_values.erase(std::unique(all_values.begin(), all_values.end()), all_values.end());
    vocabulary.values = std::move(all_values);
    std::unordered_map<int64_t, std::vector<int64_t>> terms_of;
    for (const auto& [item, values] : values_of) {
        std::vector<int64_t> terms;
        for (const auto& v : values)
            terms.push_back(std::lower_bound(vocabulary.values.begin(), vocabulary.values.end(), v) -
                            vocabulary.values.begin());
        terms_of[item] = sorted_distinct(terms);  // a value repeated in one cell counts once
    }

    std::vector<Entry> entries;
    for (int64_t row = 0; row < events.user->size(); ++row) {
        if (!usable_row(events, row, counts)) continue;
        auto it = terms_of.find(events.item->ints[row]);
        if (it == terms_of.end()) {
            ++counts.unknown_items;
            continue;
        }
        if (it->second.empty()) {
            ++counts.items_without_terms;
            continue;
        }
        for (int64_t term : it->second) entries.push_back({events.user->ints[row], term, event_value(events, row)});
    }
    return compress(std::move(entries), std::move(vocabulary));
}

}  // namespace persona::classification
