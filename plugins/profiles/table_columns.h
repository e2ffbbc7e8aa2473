// Column lookups with errors that name the operator, the param and the table's columns.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "persona/error.h"
#include "persona/table.h"

namespace persona::profiles {

// Where a column name came from: the operator and the param that named it (for error messages).
struct ColumnParam {
    std::string op;     // e.g. "profile.behavior"
    std::string param;  // e.g. "user"
};

// "a, b, c": the table's column names in order.
std::string column_list(const Table& table);

// The column, or an Error naming the column, the param and the table's columns.
const Column& require_column(const Table& table, const std::string& name, const ColumnParam& from);

// Like require_column, and the column must be int64 (user and item ids).
const Column& require_int64(const Table& table, const std::string& name, const ColumnParam& from);

// An optional column: nullptr when name is "", or when name is the param's default and the table lacks it;
// an Error when a name the user chose is absent (a typo must not pass silently).
const Column* optional_column(const Table& table, const std::string& name, const std::string& default_name,
                              const ColumnParam& from);

// A column's values: borrowed from the column when it already holds the wanted type (no copy of a
// large column), else converted and owned. Movable, not copyable (a copy would point at the original).
template <class T>
class ColumnValues {
public:
    static ColumnValues borrow(const std::vector<T>& values) {
        ColumnValues v;
        v.data_ = values.data();
        v.size_ = static_cast<int64_t>(values.size());
        return v;
    }
    static ColumnValues own(std::vector<T> values) {
        ColumnValues v;
        v.owned_ = std::move(values);
        v.data_ = v.owned_.data();
        v.size_ = static_cast<int64_t>(v.owned_.size());
        return v;
    }
    ColumnValues() = default;
    ColumnValues(ColumnValues&&) noexcept = default;  // a moved vector keeps its buffer, so data_ stays valid
    ColumnValues& operator=(ColumnValues&&) noexcept = default;
    ColumnValues(const ColumnValues&) = delete;
    ColumnValues& operator=(const ColumnValues&) = delete;

    const T& operator[](int64_t row) const { return data_[row]; }
    const T* data() const { return data_; }
    int64_t size() const { return size_; }

private:
    std::vector<T> owned_;
    const T* data_ = nullptr;
    int64_t size_ = 0;
};

// An int64 or float64 column as doubles (NaN for nulls); Error for other types.
ColumnValues<double> numbers_of(const Column& column, const ColumnParam& from);

// The int64 values of a time column: int64 as is, float64 seconds rounded; Error for other types.
ColumnValues<int64_t> seconds_of(const Column& column, const ColumnParam& from);

// Dense ids of a key column (string or int64): per row an id in [0, count), -1 when null.
// String columns use their dictionary codes; int64 columns number their distinct values ascending.
struct DenseIds {
    ColumnValues<int64_t> id;
    int64_t count = 0;
};
DenseIds dense_ids(const Column& column, const ColumnParam& from);

}  // namespace persona::profiles
