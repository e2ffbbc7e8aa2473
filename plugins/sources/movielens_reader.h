// read_movielens: loads a MovieLens folder (100K "u.*" files or 1M/10M "*.dat" files) into three tables.
#pragma once
#include <string>

#include "persona/context.h"
#include "persona/table.h"

namespace persona::sources {

// The three tables of a MovieLens release.
struct MovieLensTables {
    Table ratings;  // user, item, rating, ts
    Table users;    // user, age, gender, occupation, zip (no rows for 10M, which has no users file)
    Table items;    // item, title, year, genres
};

// layout: "auto" (100k when u.data exists, 1m when ratings.dat exists), "100k" or "1m" (also reads 10M).
MovieLensTables read_movielens(const std::string& folder, const std::string& layout, Context& ctx);

// The year in a title such as "Toy Story (1995)", or kNullInt.
int64_t year_from_title(std::string_view title);

}  // namespace persona::sources
