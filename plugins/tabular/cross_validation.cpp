#include "cross_validation.h"

#include <algorithm>
#include <map>
#include <random>
#include <string>

#include "persona/error.h"
#include "table_access.h"

namespace persona::tabular {

std::vector<int64_t> stratified_folds(const std::vector<int64_t>& labels, int64_t k, uint64_t seed) {
    const int64_t rows = static_cast<int64_t>(labels.size());
    if (k < 2 || k > rows)
        throw Error(std::string(kMlpOp) + ": param folds is " + std::to_string(k) + " but there are " +
                    std::to_string(rows) + " labelled rows; use 2 <= folds <= rows (or 0 for no cross-validation)");
    std::map<int64_t, std::vector<int64_t>> rows_of;  // label -> rows, labels ascending
    for (int64_t row = 0; row < rows; ++row) rows_of[labels[row]].push_back(row);
    std::mt19937_64 generator(seed);
    std::vector<int64_t> folds(rows, -1);
    int64_t next = 0;  // the fold that gets the next row dealt
    for (auto& [label, members] : rows_of) {
        std::shuffle(members.begin(), members.end(), generator);
        for (int64_t row : members) {
            folds[row] = next;
            next = (next + 1) % k;
        }
    }
    return folds;
}

std::vector<int64_t> fold_rows(const std::vector<int64_t>& folds, int64_t fold, bool held_out) {
    std::vector<int64_t> rows;
    for (size_t i = 0; i < folds.size(); ++i)
        if ((folds[i] == fold) == held_out) rows.push_back(static_cast<int64_t>(i));
    return rows;
}

namespace {

// Appends the cells of `from` to `into` (same name and type, checked by the caller).
void append_cells(const Column& from, Column& into, StringColumnBuilder* strings) {
    switch (from.type) {
        case ColumnType::Int64: into.ints.insert(into.ints.end(), from.ints.begin(), from.ints.end()); break;
        case ColumnType::Float64: into.floats.insert(into.floats.end(), from.floats.begin(), from.floats.end()); break;
        case ColumnType::Vector: into.vectors.insert(into.vectors.end(), from.vectors.begin(), from.vectors.end()); break;
        case ColumnType::String:
            for (int64_t row = 0; row < from.size(); ++row) {
                if (from.is_null(row))
                    strings->push_null();
                else
                    strings->push(from.text(row));
            }
            break;
        default:
            throw Error(std::string(kMlpOp) + ": cannot stack column '" + from.name + "' of type " +
                        to_string(from.type));
    }
}

}  // namespace

Table stack_rows(const std::vector<Table>& parts) {
    if (parts.empty()) return Table{};
    const Table& first = parts.front();
    Table out;
    for (const auto& head : first.columns()) {
        Column column;
        column.name = head.name;
        column.type = head.type;
        column.width = head.width;
        StringColumnBuilder strings;
        for (const auto& part : parts) {
            const Column& from = part.column(head.name);
            if (from.type != head.type || from.width != head.width)
                throw Error(std::string(kMlpOp) + ": cannot stack column '" + head.name + "': " +
                            to_string(from.type) + " in one part, " + to_string(head.type) + " in another");
            append_cells(from, column, &strings);
        }
        if (head.type == ColumnType::String) column = strings.finish(head.name);
        out.add(std::move(column));
    }
    return out;
}

}  // namespace persona::tabular
