#include "transaction_rows.h"

#include <cmath>

#include "persona/error.h"

namespace persona::value {

namespace {

constexpr size_t kExamples = 5;

std::string column_list(const Table& table) {
    std::string known;
    for (const auto& c : table.columns()) known += (known.empty() ? "" : ", ") + c.name;
    return known;
}

const Column& find_column(const Table& table, const std::string& name, const std::string& role, const std::string& op) {
    if (!table.has(name))
        throw Error(op + ": the " + role + " column '" + name + "' is not in the input table (columns: " +
                    column_list(table) + "); set the '" + role + "' parameter to the right column name");
    return table.column(name);
}

// Why row r is bad, or nullptr when it is good; bumps the matching counter.
const char* problem_of(int64_t user, int64_t ts, double amount, bool has_amount, BadRows& bad) {
    if (user == kNullInt) { ++bad.no_user; return "no user"; }
    if (ts == kNullInt) { ++bad.no_date; return "no date"; }
    if (!has_amount) return nullptr;
    if (std::isnan(amount)) { ++bad.missing_amount; return "no amount"; }
    if (amount < 0) { ++bad.negative_amount; return "a negative amount"; }
    return nullptr;
}

}  // namespace

BadRowPolicy bad_row_policy(const std::string& name) { return name == "fail" ? BadRowPolicy::Fail : BadRowPolicy::Skip; }

Json BadRows::to_json() const {
    return Json{{"no_user", no_user}, {"no_date", no_date}, {"missing_amount", missing_amount},
                {"negative_amount", negative_amount}};
}

const Column& require_int64_column(const Table& table, const std::string& name, const std::string& role,
                                   const std::string& op) {
    const Column& column = find_column(table, name, role, op);
    if (column.type != ColumnType::Int64)
        throw Error(op + ": the " + role + " column '" + name + "' must be int64, it is " + to_string(column.type) +
                    (role == "time" ? " (unix seconds; declare it datetime in source.csv)" : ""));
    return column;
}

const Column& require_numeric_column(const Table& table, const std::string& name, const std::string& role,
                                     const std::string& op) {
    const Column& column = find_column(table, name, role, op);
    if (column.type != ColumnType::Int64 && column.type != ColumnType::Float64)
        throw Error(op + ": the " + role + " column '" + name + "' must be numeric (int64 or float64), it is " +
                    to_string(column.type));
    return column;
}

Transactions read_transactions(const Table& table, const TransactionColumns& columns, BadRowPolicy policy,
                               const std::string& op, BadRows& bad) {
    const Column& user = require_int64_column(table, columns.user, "user", op);
    const Column& time = require_int64_column(table, columns.time, "time", op);
    const Column* amount = columns.amount.empty() ? nullptr : &require_numeric_column(table, columns.amount, "amount", op);
    Transactions out;
    out.has_amount = amount != nullptr;
    out.user.reserve(static_cast<size_t>(table.rows()));
    out.ts.reserve(static_cast<size_t>(table.rows()));
    if (amount) out.amount.reserve(static_cast<size_t>(table.rows()));
    for (int64_t r = 0; r < table.rows(); ++r) {
        const double value = amount ? amount->number(r) : 0.0;
        const char* problem = problem_of(user.ints[r], time.ints[r], value, amount != nullptr, bad);
        if (problem) {
            if (policy == BadRowPolicy::Fail)
                throw Error(op + ": row " + std::to_string(r) + " of the transactions has " + problem +
                            " (columns " + columns.user + ", " + columns.time +
                            (amount ? ", " + columns.amount : std::string()) +
                            "); fix the data or set bad_rows: skip to drop and count such rows");
            if (bad.examples.size() < kExamples) bad.examples.push_back(r);
            continue;
        }
        out.user.push_back(user.ints[r]);
        out.ts.push_back(time.ints[r]);
        if (amount) out.amount.push_back(value);
    }
    return out;
}

}  // namespace persona::value
