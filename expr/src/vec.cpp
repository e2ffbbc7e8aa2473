// Constructors of Vec: views of table columns, scalars, and owned results.
#include "vec.h"

namespace persona::expr::detail {

Vec column_view(const Column& column, Kind kind) {
    Vec v;
    v.kind = kind;
    v.size = static_cast<size_t>(column.size());
    if (kind == Kind::Float) v.floats = column.floats.data();
    else v.ints = column.ints.data();
    if (kind == Kind::String) v.dict = &column.dict;
    return v;
}

Vec int_scalar(int64_t value) { return own_ints({value}, true); }
Vec float_scalar(double value) { return own_floats({value}, true); }
Vec bool_scalar(bool value) { return own_bools({static_cast<uint8_t>(value)}, true); }

Vec string_scalar(const std::string& value) {
    Vec v;
    v.kind = Kind::String;
    v.scalar = true;
    v.size = 1;
    v.text = value;
    return v;
}

Vec own_ints(std::vector<int64_t> values, bool scalar) {
    Vec v;
    v.kind = Kind::Int;
    v.scalar = scalar;
    v.size = values.size();
    v.own_ints = std::move(values);
    v.ints = v.own_ints.data();
    return v;
}

Vec own_floats(std::vector<double> values, bool scalar) {
    Vec v;
    v.kind = Kind::Float;
    v.scalar = scalar;
    v.size = values.size();
    v.own_floats = std::move(values);
    v.floats = v.own_floats.data();
    return v;
}

Vec own_bools(std::vector<uint8_t> values, bool scalar) {
    Vec v;
    v.kind = Kind::Bool;
    v.scalar = scalar;
    v.size = values.size();
    v.own_bools = std::move(values);
    v.bools = v.own_bools.data();
    return v;
}

}  // namespace persona::expr::detail
