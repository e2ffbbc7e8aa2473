#include "column_checks.h"

#include "persona/error.h"

namespace persona::sequential {

namespace {

std::string column_list(const Table& table) {
    std::string names;
    for (const auto& c : table.columns()) names += (names.empty() ? "" : ", ") + c.name;
    return names.empty() ? "none" : names;
}

const Column& require_column(const Table& table, const std::string& name, const std::string& param,
                             const std::string& op, const std::string& port) {
    if (!table.has(name))
        throw Error(op + ": the " + param + " column '" + name + "' is not in the '" + port +
                    "' table (columns: " + column_list(table) + "); set the '" + param +
                    "' parameter to the right column name");
    return table.column(name);
}

}  // namespace

const Column& require_int64_column(const Table& table, const std::string& name, const std::string& param,
                                   const std::string& op, const std::string& port) {
    const Column& column = require_column(table, name, param, op, port);
    if (column.type != ColumnType::Int64)
        throw Error(op + ": the " + param + " column '" + name + "' of the '" + port + "' table must be int64, it is " +
                    to_string(column.type) + " (encode ids to integers first)");
    return column;
}

const Column& require_type_column(const Table& table, const std::string& name, const std::string& op,
                                  const std::string& port) {
    const Column& column = require_column(table, name, "type", op, port);
    if (column.type != ColumnType::Int64 && column.type != ColumnType::String)
        throw Error(op + ": the type column '" + name + "' of the '" + port +
                    "' table must be int64 or string, it is " + to_string(column.type));
    return column;
}

}  // namespace persona::sequential
