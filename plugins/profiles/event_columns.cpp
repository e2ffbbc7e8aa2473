#include "event_columns.h"

#include <algorithm>

namespace persona::profiles {

void add_user_time_params(OperatorSpec& spec) {
    spec.param("user", ParamType::String, "user", "user id column (int64)");
    spec.param("time", ParamType::String, "ts", "event time column (int64 unix seconds, UTC)");
}

void add_type_params(OperatorSpec& spec, bool with_purchase) {
    spec.param("type", ParamType::String, "type",
               "event type column (string or int64: view/cart/purchase...); used when present, \"\" = none");
    if (with_purchase) spec.param("purchase", ParamType::String, "purchase", "the type value that marks a purchase");
}

void add_invoice_param(OperatorSpec& spec) {
    spec.param("invoice", ParamType::String, "invoice",
               "order id column (string or int64): orders are distinct invoices; used when present, \"\" = none");
}

void add_amount_param(OperatorSpec& spec) {
    spec.param("amount", ParamType::String, "amount",
               "money per row (quantity x price) column; used when present, \"\" = none");
}

void add_price_param(OperatorSpec& spec) {
    spec.param("price", ParamType::String, "price", "unit price column; used when present, \"\" = none");
}

void add_reference_param(OperatorSpec& spec) {
    spec.param("reference_date", ParamType::String, "",
               "the date profiles are computed at, YYYY-MM-DD (UTC); \"\" = midnight after the last event");
}

int64_t EventTypes::find(const std::string& name) const {
    for (size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return static_cast<int64_t>(i);
    return -1;
}

namespace {

EventTypes read_types(const Column& column, const ColumnParam& from) {
    EventTypes out;
    if (column.type == ColumnType::String) {
        out.names = column.dict;
        out.code = ColumnValues<int64_t>::borrow(column.ints);
        return out;
    }
    DenseIds ids = dense_ids(column, from);  // int64 values ascending
    out.names.resize(ids.count);
    for (size_t r = 0; r < column.ints.size(); ++r)
        if (ids.id[r] >= 0) out.names[ids.id[r]] = std::to_string(column.ints[r]);
    out.code = std::move(ids.id);
    return out;
}

}  // namespace

EventColumns read_event_columns(const Table& table, const Params& params, const std::string& op, EventNeeds needs) {
    EventColumns ev;
    ev.rows = table.rows();
    ev.user = require_int64(table, params.text("user"), {op, "user"}).ints.data();
    ev.time = seconds_of(require_column(table, params.text("time"), {op, "time"}), {op, "time"});
    if (needs.types) {
        if (const Column* c = optional_column(table, params.text("type"), "type", {op, "type"})) {
            ev.has_types = true;
            ev.types = read_types(*c, {op, "type"});
            if (params.has("purchase")) ev.purchase_code = ev.types.find(params.text("purchase"));
        }
    }
    if (needs.invoice) {
        if (const Column* c = optional_column(table, params.text("invoice"), "invoice", {op, "invoice"})) {
            ev.has_invoice = true;
            ev.invoice = dense_ids(*c, {op, "invoice"});
        }
    }
    if (needs.amount) {
        if (const Column* c = optional_column(table, params.text("amount"), "amount", {op, "amount"})) {
            ev.has_amount = true;
            ev.amount = numbers_of(*c, {op, "amount"});
        }
    }
    if (needs.price) {
        if (const Column* c = optional_column(table, params.text("price"), "price", {op, "price"})) {
            ev.has_price = true;
            ev.price = numbers_of(*c, {op, "price"});
        }
    }
    return ev;
}

}  // namespace persona::profiles
