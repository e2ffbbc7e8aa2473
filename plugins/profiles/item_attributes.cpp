#include "item_attributes.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <unordered_map>

#include "persona/error.h"
#include "table_columns.h"

namespace persona::profiles {

namespace {

// Values of one attribute per item row, numbered locally (0.. within the attribute).
struct AttributeValues {
    std::vector<std::string> text;           // local value id -> text
    std::vector<std::vector<int64_t>> rows;  // per item row: local value ids
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

// String cells: each dictionary entry is split once; equal pieces share one value id.
AttributeValues string_values(const Column& column, const std::string& separator) {
    AttributeValues out;
    std::unordered_map<std::string, int64_t> id_of;  // per distinct piece, not per row
    std::vector<std::vector<int64_t>> dict_values(column.dict.size());
    for (size_t c = 0; c < column.dict.size(); ++c) {
        std::string_view rest = column.dict[c];
        while (true) {
            const size_t cut = separator.empty() ? std::string_view::npos : rest.find(separator);
            std::string_view piece = trim(rest.substr(0, cut));
            if (!piece.empty()) {
                auto [it, fresh] = id_of.emplace(std::string(piece), static_cast<int64_t>(out.text.size()));
                if (fresh) out.text.emplace_back(piece);
                auto& list = dict_values[c];
                if (std::find(list.begin(), list.end(), it->second) == list.end()) list.push_back(it->second);
            }
            if (cut == std::string_view::npos) break;
            rest.remove_prefix(cut + separator.size());
        }
    }
    out.rows.resize(column.ints.size());
    for (size_t r = 0; r < column.ints.size(); ++r)
        if (column.ints[r] >= 0) out.rows[r] = dict_values[column.ints[r]];
    return out;
}

// Int64 cells, or int64-list cells (several values): distinct integers numbered ascending.
AttributeValues integer_values(const Column& column) {
    AttributeValues out;
    std::vector<int64_t> distinct;
    for (int64_t v : column.ints)
        if (v != kNullInt) distinct.push_back(v);
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    for (int64_t v : distinct) out.text.push_back(std::to_string(v));
    auto local = [&](int64_t v) { return std::lower_bound(distinct.begin(), distinct.end(), v) - distinct.begin(); };
    const int64_t rows = column.size();
    out.rows.resize(rows);
    for (int64_t r = 0; r < rows; ++r) {
        const int64_t begin = column.type == ColumnType::List ? column.offsets[r] : r;
        const int64_t end = column.type == ColumnType::List ? column.offsets[r + 1] : r + 1;
        for (int64_t k = begin; k < end; ++k) {
            if (column.ints[k] == kNullInt) continue;
            const int64_t id = local(column.ints[k]);
            auto& list = out.rows[r];
            if (std::find(list.begin(), list.end(), id) == list.end()) list.push_back(id);
        }
    }
    return out;
}

AttributeValues band_values(const Column& price, const std::vector<double>& bounds) {
    AttributeValues out;
    for (size_t b = 0; b <= bounds.size(); ++b) out.text.push_back(price_band_label(bounds, b));
    out.rows.resize(price.size());
    for (int64_t r = 0; r < price.size(); ++r) {
        const double p = price.number(r);
        if (std::isnan(p)) continue;
        out.rows[r].push_back(std::upper_bound(bounds.begin(), bounds.end(), p) - bounds.begin());
    }
    return out;
}

AttributeValues values_of(const Column& column, const AttributeSpec& spec, const std::string& op) {
    switch (column.type) {
        case ColumnType::String: return string_values(column, spec.separator);
        case ColumnType::Int64:
        case ColumnType::List: return integer_values(column);
        default:
            throw Error(op + ": attribute column '" + column.name + "' is " + to_string(column.type) +
                        "; expected string (\"a|b\" for several values), int64 or int64-list "
                        "(for a float64 price use price_bands)");
    }
}

std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

}  // namespace

std::string price_band_label(const std::vector<double>& bounds, size_t band) {
    if (band == 0) return "<" + number_text(bounds.front());
    if (band == bounds.size()) return ">=" + number_text(bounds.back());
    return number_text(bounds[band - 1]) + "-" + number_text(bounds[band]);
}

ItemAttributes read_item_attributes(const Table& items, const AttributeSpec& spec, const std::string& op) {
    std::vector<AttributeValues> per_attribute;
    ItemAttributes out;
    for (const auto& name : spec.columns) {
        per_attribute.push_back(values_of(require_column(items, name, {op, "attributes"}), spec, op));
        out.attribute_names.push_back(name);
    }
    if (!spec.price_bands.empty()) {
        if (!std::is_sorted(spec.price_bands.begin(), spec.price_bands.end()) ||
            std::adjacent_find(spec.price_bands.begin(), spec.price_bands.end()) != spec.price_bands.end())
            throw Error(op + ": parameter 'price_bands' must be strictly ascending boundaries, e.g. [5, 20, 50]");
        const Column& price = require_column(items, spec.price_column, {op, "price"});
        if (price.type != ColumnType::Float64 && price.type != ColumnType::Int64)
            throw Error(op + ": price column '" + price.name + "' must be a number, it is " + to_string(price.type));
        per_attribute.push_back(band_values(price, spec.price_bands));
        out.attribute_names.push_back("price_band");
    }
    // Global value ids: attribute by attribute.
    std::vector<int64_t> first_id;
    for (size_t a = 0; a < per_attribute.size(); ++a) {
        first_id.push_back(static_cast<int64_t>(out.value_text.size()));
        for (auto& text : per_attribute[a].text) {
            out.value_text.push_back(std::move(text));
            out.value_attribute.push_back(static_cast<int64_t>(a));
        }
    }
    out.offsets.push_back(0);
    for (int64_t r = 0; r < items.rows(); ++r) {
        for (size_t a = 0; a < per_attribute.size(); ++a) {
            const auto& local = per_attribute[a].rows[r];
            for (int64_t v : local) {
                out.values.push_back(first_id[a] + v);
                out.shares.push_back(1.0 / static_cast<double>(local.size()));
            }
        }
        out.offsets.push_back(static_cast<int64_t>(out.values.size()));
    }
    return out;
}

}  // namespace persona::profiles
