#include "column_take.h"

#include <cmath>

namespace persona::profiles {

Column take_column(const Column& source, const std::vector<int64_t>& rows, const std::string& name) {
    Column c;
    c.name = name;
    c.type = source.type;
    c.width = source.width;
    const size_t n = rows.size();
    switch (source.type) {
        case ColumnType::Int64:
        case ColumnType::String: {
            const int64_t null = source.type == ColumnType::Int64 ? kNullInt : kNullCode;
            c.ints.resize(n);
            for (size_t i = 0; i < n; ++i) c.ints[i] = rows[i] < 0 ? null : source.ints[rows[i]];
            c.dict = source.dict;
            break;
        }
        case ColumnType::Float64:
            c.floats.resize(n);
            for (size_t i = 0; i < n; ++i) c.floats[i] = rows[i] < 0 ? std::nan("") : source.floats[rows[i]];
            break;
        case ColumnType::Vector: {
            const int64_t w = source.width;
            c.vectors.resize(n * w);
            for (size_t i = 0; i < n; ++i)
                for (int64_t k = 0; k < w; ++k)
                    c.vectors[i * w + k] = rows[i] < 0 ? std::nanf("") : source.vectors[rows[i] * w + k];
            break;
        }
        case ColumnType::List:
            c.offsets.reserve(n + 1);
            c.offsets.push_back(0);
            for (size_t i = 0; i < n; ++i) {
                if (rows[i] >= 0)
                    c.ints.insert(c.ints.end(), source.ints.begin() + source.offsets[rows[i]],
                                  source.ints.begin() + source.offsets[rows[i] + 1]);
                c.offsets.push_back(static_cast<int64_t>(c.ints.size()));
            }
            break;
    }
    return c;
}

}  // namespace persona::profiles
