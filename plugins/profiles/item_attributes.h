// The attribute values of every item (profile.interests): one CSR over all attributes, each distinct
// value numbered once, multi-valued cells split, price bands computed from a price column.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "persona/table.h"

namespace persona::profiles {

// How to read the attributes of the items table.
struct AttributeSpec {
    std::vector<std::string> columns;  // attribute columns (string, int64 or int64-list)
    std::string separator = "|";       // splits string cells into several values ("" = no split)
    std::string price_column;          // used when price_bands is not empty
    std::vector<double> price_bands;   // ascending boundaries: adds the attribute "price_band"
};

// Item row r has the values values[offsets[r] .. offsets[r+1]); each with its share of the item's weight
// in that attribute (1 / number of values of the attribute on the item).
struct ItemAttributes {
    std::vector<std::string> attribute_names;  // columns, then "price_band"
    std::vector<std::string> value_text;       // per value id
    std::vector<int64_t> value_attribute;      // per value id: index into attribute_names
    std::vector<int64_t> offsets;              // item rows + 1
    std::vector<int64_t> values;               // value ids
    std::vector<double> shares;                // per entry
};

// Throws Error naming op and the column for a missing column or a column type it cannot read.
ItemAttributes read_item_attributes(const Table& items, const AttributeSpec& spec, const std::string& op);

// The label of band k of the boundaries: "<b0", "b0-b1", ..., ">=bn".
std::string price_band_label(const std::vector<double>& bounds, size_t band);

}  // namespace persona::profiles
