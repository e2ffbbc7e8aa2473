// The standard columns of an event table (user, time, type, invoice, amount, price): their params and
// one reader that resolves them with clear errors.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "persona/operator.h"
#include "persona/table.h"
#include "table_columns.h"

namespace persona::profiles {

// Param declarations shared by the profile operators (names and defaults are the same everywhere).
void add_user_time_params(OperatorSpec& spec);  // user ("user"), time ("ts")
void add_type_params(OperatorSpec& spec, bool with_purchase = true);  // type ("type"), purchase ("purchase")
void add_invoice_param(OperatorSpec& spec);     // invoice ("invoice")
void add_amount_param(OperatorSpec& spec);      // amount ("amount")
void add_price_param(OperatorSpec& spec);       // price ("price")
void add_reference_param(OperatorSpec& spec);   // reference_date ("")

// The event type of each row as an index into names (-1 when null).
struct EventTypes {
    std::vector<std::string> names;  // a string column's dictionary, or an int64 column's values as text
    ColumnValues<int64_t> code;      // per row (a string column's own codes, borrowed)
    int64_t find(const std::string& name) const;  // the index of a name, -1 when absent
};

// Which optional columns an operator reads.
struct EventNeeds {
    bool types = false;
    bool invoice = false;
    bool amount = false;
    bool price = false;
};

// The columns of one event table, resolved from the params. Large columns are borrowed, not copied.
struct EventColumns {
    const int64_t* user = nullptr;  // the user column's values
    ColumnValues<int64_t> time;     // unix seconds
    int64_t rows = 0;
    bool has_types = false;
    EventTypes types;
    int64_t purchase_code = -1;     // the type index of param purchase (-1 when absent)
    bool has_invoice = false;
    DenseIds invoice;               // per row dense invoice id (-1 when null)
    bool has_amount = false;
    ColumnValues<double> amount;    // NaN when null
    bool has_price = false;
    ColumnValues<double> price;     // NaN when null

    // A purchase: the row's type is param purchase; every row when there is no type column.
    bool is_purchase(int64_t row) const { return !has_types || (purchase_code >= 0 && types.code[row] == purchase_code); }
    // A purchase row that starts or joins an order: not a return (negative amount).
    bool is_order_row(int64_t row) const { return is_purchase(row) && !(has_amount && amount[row] < 0); }
};

// Reads user and time (required) and the optional columns asked for. An optional column is used when its
// param names a column of the table; "" or an absent default name means "not there".
EventColumns read_event_columns(const Table& table, const Params& params, const std::string& op, EventNeeds needs);

}  // namespace persona::profiles
