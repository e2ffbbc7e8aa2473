#include "persona/table.h"

#include <cmath>

#include "persona/error.h"

namespace persona {

const char* to_string(ColumnType type) {
    switch (type) {
        case ColumnType::Int64: return "int64";
        case ColumnType::Float64: return "float64";
        case ColumnType::String: return "string";
        case ColumnType::Vector: return "vector";
        case ColumnType::List: return "list";
    }
    return "?";
}

int64_t Column::size() const {
    switch (type) {
        case ColumnType::Int64:
        case ColumnType::String: return static_cast<int64_t>(ints.size());
        case ColumnType::Float64: return static_cast<int64_t>(floats.size());
        case ColumnType::Vector: return width > 0 ? static_cast<int64_t>(vectors.size()) / width : 0;
        case ColumnType::List: return offsets.empty() ? 0 : static_cast<int64_t>(offsets.size()) - 1;
    }
    return 0;
}

bool Column::is_null(int64_t row) const {
    switch (type) {
        case ColumnType::Int64: return ints[row] == kNullInt;
        case ColumnType::String: return ints[row] < 0;
        case ColumnType::Float64: return std::isnan(floats[row]);
        default: return false;
    }
}

std::string_view Column::text(int64_t row) const {
    if (type != ColumnType::String) throw Error("column '" + name + "' is " + to_string(type) + ", not string");
    int64_t code = ints[row];
    return code < 0 ? std::string_view() : std::string_view(dict[code]);
}

double Column::number(int64_t row) const {
    if (type == ColumnType::Float64) return floats[row];
    if (type == ColumnType::Int64) return ints[row] == kNullInt ? NAN : static_cast<double>(ints[row]);
    throw Error("column '" + name + "' is " + to_string(type) + ", not numeric");
}

bool Table::has(std::string_view name) const {
    for (const auto& c : columns_)
        if (c.name == name) return true;
    return false;
}

static std::string known_columns(const std::vector<Column>& columns) {
    std::string names;
    for (const auto& c : columns) names += (names.empty() ? "" : ", ") + c.name;
    return names.empty() ? "(none)" : names;
}

const Column& Table::column(std::string_view name) const {
    for (const auto& c : columns_)
        if (c.name == name) return c;
    throw Error("no column '" + std::string(name) + "' in table (columns: " + known_columns(columns_) + ")");
}

Column& Table::column(std::string_view name) {
    return const_cast<Column&>(static_cast<const Table*>(this)->column(name));
}

Column& Table::add(Column column) {
    int64_t n = column.size();
    if (column.type == ColumnType::Vector && column.width <= 0) throw Error("vector column '" + column.name + "' needs a positive width");
    if (!columns_.empty() && n != rows_)
        throw Error("column '" + column.name + "' has " + std::to_string(n) + " rows, table has " + std::to_string(rows_));
    if (column.type == ColumnType::List && column.offsets.empty()) column.offsets.push_back(0);
    if (has(column.name)) throw Error("duplicate column '" + column.name + "'");
    rows_ = n;
    columns_.push_back(std::move(column));
    return columns_.back();
}

Column& Table::add_int64(const std::string& name, std::vector<int64_t> values) {
    Column c;
    c.name = name;
    c.type = ColumnType::Int64;
    c.ints = std::move(values);
    return add(std::move(c));
}

Column& Table::add_float64(const std::string& name, std::vector<double> values) {
    Column c;
    c.name = name;
    c.type = ColumnType::Float64;
    c.floats = std::move(values);
    return add(std::move(c));
}

Column& Table::add_string(const std::string& name, const std::vector<std::string>& values) {
    StringColumnBuilder builder;
    for (const auto& v : values) builder.push(v);
    return add(builder.finish(name));
}

Column& Table::add_string_codes(const std::string& name, std::vector<int64_t> codes, std::vector<std::string> dict) {
    for (int64_t code : codes)
        if (code >= static_cast<int64_t>(dict.size()) || code < kNullCode)
            throw Error("string column '" + name + "' has a code outside its dictionary");
    Column c;
    c.name = name;
    c.type = ColumnType::String;
    c.ints = std::move(codes);
    c.dict = std::move(dict);
    return add(std::move(c));
}

Column& Table::add_vector(const std::string& name, int64_t width, std::vector<float> values) {
    if (width <= 0 || values.size() % width != 0) throw Error("vector column '" + name + "': size is not a multiple of its width");
    Column c;
    c.name = name;
    c.type = ColumnType::Vector;
    c.width = width;
    c.vectors = std::move(values);
    return add(std::move(c));
}

Column& Table::add_list(const std::string& name, std::vector<int64_t> offsets, std::vector<int64_t> values) {
    if (offsets.empty() || offsets.front() != 0 || offsets.back() != static_cast<int64_t>(values.size()))
        throw Error("list column '" + name + "': offsets must start at 0 and end at the number of values");
    Column c;
    c.name = name;
    c.type = ColumnType::List;
    c.offsets = std::move(offsets);
    c.ints = std::move(values);
    return add(std::move(c));
}

void Table::drop(std::string_view name) {
    for (auto it = columns_.begin(); it != columns_.end(); ++it)
        if (it->name == name) {
            columns_.erase(it);
            if (columns_.empty()) rows_ = 0;
            return;
        }
}

Table Table::take(const std::vector<int64_t>& rows) const {
    Table out;
    for (const auto& src : columns_) {
        Column c;
        c.name = src.name;
        c.type = src.type;
        c.width = src.width;
        switch (src.type) {
            case ColumnType::Int64:
            case ColumnType::String:
                c.ints.reserve(rows.size());
                for (int64_t r : rows) c.ints.push_back(src.ints[r]);
                c.dict = src.dict;
                break;
            case ColumnType::Float64:
                c.floats.reserve(rows.size());
                for (int64_t r : rows) c.floats.push_back(src.floats[r]);
                break;
            case ColumnType::Vector:
                c.vectors.reserve(rows.size() * src.width);
                for (int64_t r : rows)
                    c.vectors.insert(c.vectors.end(), src.vectors.begin() + r * src.width, src.vectors.begin() + (r + 1) * src.width);
                break;
            case ColumnType::List:
                c.offsets.reserve(rows.size() + 1);
                c.offsets.push_back(0);
                for (int64_t r : rows) {
                    c.ints.insert(c.ints.end(), src.ints.begin() + src.offsets[r], src.ints.begin() + src.offsets[r + 1]);
                    c.offsets.push_back(static_cast<int64_t>(c.ints.size()));
                }
                break;
        }
        out.add(std::move(c));
    }
    if (columns_.empty()) out.rows_ = 0;
    return out;
}

void StringColumnBuilder::push(std::string_view text) {
    auto it = index_.find(std::string(text));
    if (it == index_.end()) {
        int64_t code = static_cast<int64_t>(dict_.size());
        dict_.emplace_back(text);
        index_.emplace(dict_.back(), code);
        codes_.push_back(code);
    } else {
        codes_.push_back(it->second);
    }
}

void StringColumnBuilder::push_null() { codes_.push_back(kNullCode); }

Column StringColumnBuilder::finish(const std::string& name) {
    Column c;
    c.name = name;
    c.type = ColumnType::String;
    c.ints = std::move(codes_);
    c.dict = std::move(dict_);
    index_.clear();
    codes_.clear();
    dict_.clear();
    return c;
}

}  // namespace persona
