#include "table_columns.h"

namespace persona::transforms {

std::string column_list(const Table& table) {
    std::string names;
    for (const auto& c : table.columns()) names += (names.empty() ? "" : ", ") + c.name;
    return names.empty() ? "(none)" : names;
}

const Column& require_column(const Table& table, const std::string& name, const ColumnParam& from) {
    for (const auto& c : table.columns())
        if (c.name == name) return c;
    throw Error(from.op + ": no column '" + name + "' (named by param '" + from.param +
                "') in the input table; its columns are: " + column_list(table));
}

const Column& require_key_column(const Table& table, const std::string& name, const ColumnParam& from) {
    const Column& c = require_column(table, name, from);
    if (c.type != ColumnType::Int64 && c.type != ColumnType::String)
        throw Error(from.op + ": column '" + name + "' (param '" + from.param + "') is " + to_string(c.type) +
                    "; expected an int64 or string column");
    return c;
}

const Column& require_numeric_column(const Table& table, const std::string& name, const ColumnParam& from) {
    const Column& c = require_column(table, name, from);
    if (c.type != ColumnType::Int64 && c.type != ColumnType::Float64)
        throw Error(from.op + ": column '" + name + "' (param '" + from.param + "') is " + to_string(c.type) +
                    "; expected an int64 or float64 column");
    return c;
}

std::vector<std::string> chosen_columns(const Table& table, const std::vector<std::string>& names,
                                        const ColumnParam& from) {
    std::vector<std::string> out;
    if (names.empty()) {
        for (const auto& c : table.columns()) out.push_back(c.name);
        return out;
    }
    for (const auto& name : names) out.push_back(require_column(table, name, from).name);
    return out;
}

}  // namespace persona::transforms
