// User-term counts: each user's events as a sparse row of (term, tf), where the terms are the items
// themselves or the values of an item attribute (e.g. a movie's genres).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "persona/table.h"

namespace persona::classification {

// The vocabulary: term index -> the item id (item terms) or the attribute value (attribute terms).
struct TermVocabulary {
    bool items = true;                 // true: terms are item ids; false: attribute values
    std::vector<int64_t> item_ids;     // items: ascending item ids
    std::vector<std::string> values;   // attribute values, ascending
    int64_t size() const { return items ? static_cast<int64_t>(item_ids.size()) : static_cast<int64_t>(values.size()); }
};

// Sparse user x term matrix in compressed rows: users ascending, terms ascending within a user.
struct UserTerms {
    std::vector<int64_t> users;    // one per row, ascending
    std::vector<int64_t> offsets;  // users.size() + 1 offsets into terms / tf
    std::vector<int64_t> terms;    // term index into the vocabulary
    std::vector<double> tf;        // the summed value column (or the event count) of the user's events with the term
    TermVocabulary vocabulary;
};

// Event rows that could not be used, by reason.
struct TermCounts {
    int64_t bad_rows = 0;             // null user or item, or a null value
    int64_t unknown_items = 0;        // attribute terms: event rows whose item is not in the items table
    int64_t items_without_terms = 0;  // attribute terms: event rows whose item has a null or empty attribute
};

// The event columns: user and item (int64), value (int64 or float64; nullptr = each event counts 1).
struct EventColumns {
    const Column* user = nullptr;
    const Column* item = nullptr;
    const Column* value = nullptr;
};

// Terms = the items of the events.
UserTerms item_terms(const EventColumns& events, TermCounts& counts);

// Terms = the values of an item attribute: the items table's `item_ids` (int64) and `attribute`
// (string; each cell split at `separator`, empty pieces skipped; "" = the whole cell). An event
// adds its value to every term of its item.
UserTerms attribute_terms(const EventColumns& events, const Column& item_ids, const Column& attribute,
                          const std::string& separator, TermCounts& counts);

}  // namespace persona::classification
