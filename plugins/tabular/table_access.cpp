#include "table_access.h"

#include "persona/error.h"

namespace persona::tabular {

std::string column_names(const Table& table) {
    std::string names;
    for (const auto& column : table.columns()) names += (names.empty() ? "" : ", ") + column.name;
    return names;
}

const Column& require_column(const Table& table, const std::string& name, const std::string& input,
                             const std::string& param) {
    if (!table.has(name))
        throw Error(std::string(kMlpOp) + ": the '" + input + "' table has no column '" + name + "' (named by param '" +
                    param + "'; columns: " + column_names(table) + ")");
    return table.column(name);
}

}  // namespace persona::tabular
