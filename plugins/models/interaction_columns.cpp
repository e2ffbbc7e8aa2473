#include "interaction_columns.h"

namespace persona::models {

const Column& require_int64_column(const Table& table, const std::string& name, const std::string& role,
                                   const std::string& op) {
    if (!table.has(name)) {
        std::string known;
        for (const auto& c : table.columns()) known += (known.empty() ? "" : ", ") + c.name;
        throw Error(op + ": the " + role + " column '" + name + "' is not in the input table (columns: " + known +
                    "); set the '" + role + "' parameter to the right column name");
    }
    const Column& column = table.column(name);
    if (column.type != ColumnType::Int64)
        throw Error(op + ": the " + role + " column '" + name + "' must be int64, it is " + to_string(column.type) +
                    " (encode ids to integers first)");
    return column;
}

}  // namespace persona::models
