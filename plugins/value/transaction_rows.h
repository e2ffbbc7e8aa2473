// Reading a transactions table (user, time, optional amount) into plain vectors, screening bad rows.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "persona/artifact.h"
#include "persona/table.h"

namespace persona::value {

// What to do with a bad row: drop and count it, or stop with an error naming it.
enum class BadRowPolicy { Skip, Fail };

// "skip" or "fail" -> the policy (the operator spec restricts the choices).
BadRowPolicy bad_row_policy(const std::string& name);

// Which columns hold what; an empty amount means the table has no amounts.
struct TransactionColumns {
    std::string user = "user";
    std::string time = "ts";
    std::string amount;
};

// The good rows, in table order.
struct Transactions {
    std::vector<int64_t> user;
    std::vector<int64_t> ts;      // unix seconds
    std::vector<double> amount;   // per row when has_amount, else empty
    bool has_amount = false;
};

// Bad rows by reason, with the first few row numbers (0-based, in the input table).
struct BadRows {
    int64_t no_user = 0, no_date = 0, missing_amount = 0, negative_amount = 0;
    std::vector<int64_t> examples;
    int64_t total() const { return no_user + no_date + missing_amount + negative_amount; }
    Json to_json() const;  // {"no_user": n, "no_date": n, "missing_amount": n, "negative_amount": n}
};

// Reads the columns (user and time int64, amount int64 or float64). A row without user or date, or with a
// missing or negative amount, is bad: counted in `bad` (Skip) or an Error naming the row (Fail).
// Column errors name the operator `op`, the role and the columns found.
Transactions read_transactions(const Table& table, const TransactionColumns& columns, BadRowPolicy policy,
                               const std::string& op, BadRows& bad);

// The int64 column `name`; throws Error naming the operator, the role (param) and the columns found.
const Column& require_int64_column(const Table& table, const std::string& name, const std::string& role,
                                   const std::string& op);

// The int64 or float64 column `name`, as above.
const Column& require_numeric_column(const Table& table, const std::string& name, const std::string& role,
                                     const std::string& op);

}  // namespace persona::value
