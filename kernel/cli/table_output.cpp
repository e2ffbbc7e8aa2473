#include "table_output.h"

namespace persona::cli {

std::string csv_cell(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

Json cell_json(const Column& c, int64_t row) {
    switch (c.type) {
        case ColumnType::Int64: return c.is_null(row) ? Json() : Json(c.ints[row]);
        case ColumnType::Float64: return c.is_null(row) ? Json() : Json(c.floats[row]);
        case ColumnType::String: return c.is_null(row) ? Json() : Json(std::string(c.text(row)));
        case ColumnType::Vector: return Json(std::vector<float>(c.vectors.begin() + row * c.width, c.vectors.begin() + (row + 1) * c.width));
        case ColumnType::List: return Json(std::vector<int64_t>(c.ints.begin() + c.offsets[row], c.ints.begin() + c.offsets[row + 1]));
    }
    return Json();
}

std::string cell_text(const Column& c, int64_t row) {
    Json v = cell_json(c, row);
    if (v.is_null()) return "";
    if (v.is_string()) return v.get<std::string>();
    if (v.is_array()) {
        std::string s;
        for (const auto& e : v) s += (s.empty() ? "" : " ") + e.dump();
        return s;
    }
    return v.dump();
}

std::string table_csv(const Table& t) {
    std::string out;
    for (size_t i = 0; i < t.num_columns(); ++i) out += (i ? "," : "") + csv_cell(t.column(i).name);
    out += "\n";
    for (int64_t r = 0; r < t.rows(); ++r) {
        for (size_t i = 0; i < t.num_columns(); ++i) out += (i ? "," : "") + csv_cell(cell_text(t.column(i), r));
        out += "\n";
    }
    return out;
}

Json table_json(const Table& t) {
    Json rows = Json::array();
    for (int64_t r = 0; r < t.rows(); ++r) {
        Json row = Json::object();
        for (const auto& c : t.columns()) row[c.name] = cell_json(c, r);
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace persona::cli
