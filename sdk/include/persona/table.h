// Table: the columnar artifact (int64, float64, dictionary strings, float32 vectors, int64 lists).
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace persona {

// Missing-value markers: int64 columns use kNullInt, float64 columns NaN, string columns code -1.
constexpr int64_t kNullInt = std::numeric_limits<int64_t>::min();
constexpr int64_t kNullCode = -1;

// The physical type of a column.
enum class ColumnType : uint8_t { Int64 = 0, Float64 = 1, String = 2, Vector = 3, List = 4 };

const char* to_string(ColumnType type);

// One named column; only the vectors of its type are used.
struct Column {
    std::string name;
    ColumnType type = ColumnType::Int64;
    std::vector<int64_t> ints;        // Int64 values; String dictionary codes; List values
    std::vector<double> floats;       // Float64 values
    std::vector<std::string> dict;    // String: the dictionary (code -> text)
    std::vector<float> vectors;       // Vector: rows * width values, row-major
    int64_t width = 0;                // Vector: values per row
    std::vector<int64_t> offsets;     // List: rows + 1 offsets into ints

    int64_t size() const;             // number of rows
    bool is_null(int64_t row) const;  // true when the cell is missing
    std::string_view text(int64_t row) const;  // String cell ("" when null)
    double number(int64_t row) const;          // Int64/Float64 cell as double (NaN when null)
};

// A table: equally long named columns. Columns are kept in insertion order.
class Table {
public:
    int64_t rows() const { return rows_; }
    size_t num_columns() const { return columns_.size(); }
    const std::vector<Column>& columns() const { return columns_; }

    bool has(std::string_view name) const;
    const Column& column(std::string_view name) const;  // throws Error naming the known columns
    Column& column(std::string_view name);
    const Column& column(size_t index) const { return columns_.at(index); }

    // Adders check the length against the table's row count (the first column sets it).
    Column& add(Column column);
    Column& add_int64(const std::string& name, std::vector<int64_t> values);
    Column& add_float64(const std::string& name, std::vector<double> values);
    Column& add_string(const std::string& name, const std::vector<std::string>& values);  // builds the dictionary
    Column& add_string_codes(const std::string& name, std::vector<int64_t> codes, std::vector<std::string> dict);
    Column& add_vector(const std::string& name, int64_t width, std::vector<float> values);
    Column& add_list(const std::string& name, std::vector<int64_t> offsets, std::vector<int64_t> values);

    void drop(std::string_view name);  // removes a column if present

    // A new table with the given rows (in the given order) of every column.
    Table take(const std::vector<int64_t>& row_indices) const;

private:
    int64_t rows_ = 0;
    std::vector<Column> columns_;
};

// Builds a dictionary-encoded string column incrementally.
class StringColumnBuilder {
public:
    void push(std::string_view text);
    void push_null();
    Column finish(const std::string& name);
private:
    std::unordered_map<std::string, int64_t> index_;
    std::vector<std::string> dict_;
    std::vector<int64_t> codes_;
};

}  // namespace persona
