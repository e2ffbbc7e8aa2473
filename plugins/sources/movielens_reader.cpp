#include "movielens_reader.h"

#include <filesystem>

#include "delimited_lines.h"
#include "persona/error.h"
#include "text_encoding.h"
#include "value_parse.h"

namespace persona::sources {

namespace fs = std::filesystem;

namespace {

// The 19 genres of ML-100K in flag order (used when u.genre is missing).
const char* const kGenres100k[] = {"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
                                   "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
                                   "Romance", "Sci-Fi", "Thriller", "War", "Western"};

// ML-1M occupation codes (from its README).
const char* const kOccupations1m[] = {"other", "academic/educator", "artist", "clerical/admin",
                                      "college/grad student", "customer service", "doctor/health care",
                                      "executive/managerial", "farmer", "homemaker", "K-12 student", "lawyer",
                                      "programmer", "retired", "sales/marketing", "scientist", "self-employed",
                                      "technician/engineer", "tradesman/craftsman", "unemployed", "writer"};

// Collects the four rating columns.
struct RatingColumns {
    std::vector<int64_t> user, item, ts;
    std::vector<double> rating;
    Table finish() {
        Table t;
        t.add_int64("user", std::move(user));
        t.add_int64("item", std::move(item));
        t.add_float64("rating", std::move(rating));
        t.add_int64("ts", std::move(ts));
        return t;
    }
};

// Collects the user columns.
struct UserColumns {
    std::vector<int64_t> user, age;
    StringColumnBuilder gender, occupation, zip;
    Table finish() {
        Table t;
        t.add_int64("user", std::move(user));
        t.add_int64("age", std::move(age));
        t.add(gender.finish("gender"));
        t.add(occupation.finish("occupation"));
        t.add(zip.finish("zip"));
        return t;
    }
};

// Collects the item columns.
struct ItemColumns {
    std::vector<int64_t> item, year;
    StringColumnBuilder title, genres;
    Table finish() {
        Table t;
        t.add_int64("item", std::move(item));
        t.add(title.finish("title"));
        t.add_int64("year", std::move(year));
        t.add(genres.finish("genres"));
        return t;
    }
};

Table read_ratings(const fs::path& file, const char* separator, Context& ctx) {
    DelimitedLines lines(file.string(), separator);
    RatingColumns out;
    const size_t estimate = lines.bytes().size() / 20;
    out.user.reserve(estimate);
    out.item.reserve(estimate);
    out.rating.reserve(estimate);
    out.ts.reserve(estimate);
    while (lines.next()) {
        lines.expect_fields(4, "user, item, rating, timestamp");
        out.user.push_back(lines.integer(0, "user id"));
        out.item.push_back(lines.integer(1, "item id"));
        out.rating.push_back(lines.number(2, "rating"));
        out.ts.push_back(lines.integer(3, "timestamp"));
        if ((out.user.size() & 0xFFFFF) == 0) ctx.check_cancelled();
    }
    return out.finish();
}

// The genre names of u.genre ("name|index" lines), or the standard list when the file is absent.
std::vector<std::string> read_genres_100k(const fs::path& folder) {
    std::vector<std::string> names;
    if (!fs::exists(folder / "u.genre")) return std::vector<std::string>(std::begin(kGenres100k), std::end(kGenres100k));
    DelimitedLines lines((folder / "u.genre").string(), "|");
    while (lines.next()) {
        lines.expect_fields(2, "genre, index");
        const int64_t index = lines.integer(1, "genre index");
        if (index < 0 || index > 100) lines.fail("genre index out of range");
        if (static_cast<size_t>(index) >= names.size()) names.resize(index + 1);
        names[index] = std::string(lines.fields()[0]);
    }
    return names;
}

// Text of a file that may be Latin-1: kept when it is valid UTF-8, else converted.
std::string as_utf8(std::string_view text, bool file_is_utf8) {
    return file_is_utf8 ? std::string(text) : latin1_to_utf8(text);
}

Table read_items_100k(const fs::path& folder) {
    const std::vector<std::string> genre_names = read_genres_100k(folder);
    DelimitedLines lines((folder / "u.item").string(), "|");
    const bool utf8 = is_valid_utf8(lines.bytes());
    const size_t expected = 5 + genre_names.size();
    ItemColumns out;
    std::string genres;
    while (lines.next()) {
        if (lines.fields().size() != expected)
            lines.fail("expected " + std::to_string(expected) +
                       " fields (item, title, release date, video release date, url, " +
                       std::to_string(genre_names.size()) + " genre flags), found " + std::to_string(lines.fields().size()));
        const auto& f = lines.fields();
        out.item.push_back(lines.integer(0, "item id"));
        const std::string title = as_utf8(f[1], utf8);
        title.empty() ? out.title.push_null() : out.title.push(title);
        int64_t year = year_from_title(title);
        const std::string_view release = trim_blanks(f[2]);  // "01-Jan-1995"
        int64_t release_year;
        if (year == kNullInt && release.size() >= 4 && parse_int64(release.substr(release.size() - 4), release_year))
            year = release_year;
        out.year.push_back(year);
        genres.clear();
        for (size_t g = 0; g < genre_names.size(); ++g) {
            if (trim_blanks(f[5 + g]) != "1") continue;
            if (!genres.empty()) genres += '|';
            genres += genre_names[g];
        }
        genres.empty() ? out.genres.push_null() : out.genres.push(genres);
    }
    return out.finish();
}

Table read_users_100k(const fs::path& folder) {
    DelimitedLines lines((folder / "u.user").string(), "|");
    UserColumns out;
    while (lines.next()) {
        lines.expect_fields(5, "user, age, gender, occupation, zip");
        const auto& f = lines.fields();
        out.user.push_back(lines.integer(0, "user id"));
        out.age.push_back(lines.integer(1, "age"));
        out.gender.push(f[2]);
        out.occupation.push(f[3]);
        out.zip.push(f[4]);
    }
    return out.finish();
}

Table read_users_1m(const fs::path& folder) {
    UserColumns out;
    if (!fs::exists(folder / "users.dat")) return out.finish();  // ML-10M has no users file
    DelimitedLines lines((folder / "users.dat").string(), "::");
    while (lines.next()) {
        lines.expect_fields(5, "user, gender, age, occupation, zip");
        const auto& f = lines.fields();
        out.user.push_back(lines.integer(0, "user id"));
        out.gender.push(f[1]);
        out.age.push_back(lines.integer(2, "age"));
        const int64_t occupation = lines.integer(3, "occupation code");
        if (occupation >= 0 && occupation < static_cast<int64_t>(std::size(kOccupations1m)))
            out.occupation.push(kOccupations1m[occupation]);
        else
            out.occupation.push(f[3]);
        out.zip.push(f[4]);
    }
    return out.finish();
}

Table read_items_1m(const fs::path& folder) {
    DelimitedLines lines((folder / "movies.dat").string(), "::");
    const bool utf8 = is_valid_utf8(lines.bytes());
    ItemColumns out;
    while (lines.next()) {
        lines.expect_fields(3, "item, title, genres");
        const auto& f = lines.fields();
        out.item.push_back(lines.integer(0, "item id"));
        const std::string title = as_utf8(f[1], utf8);
        out.title.push(title);
        out.year.push_back(year_from_title(title));
        const std::string_view genres = trim_blanks(f[2]);
        genres.empty() || genres == "(no genres listed)" ? out.genres.push_null() : out.genres.push(genres);
    }
    return out.finish();
}

std::string resolve_layout(const fs::path& folder, const std::string& layout) {
    if (!fs::is_directory(folder))
        throw Error("source.movielens: '" + folder.string() + "' is not a folder (expected a MovieLens folder)");
    if (layout != "auto") return layout;
    if (fs::exists(folder / "u.data")) return "100k";
    if (fs::exists(folder / "ratings.dat")) return "1m";
    throw Error("source.movielens: '" + folder.string() +
                "' has neither u.data (ML-100K) nor ratings.dat (ML-1M/10M); set layout or point path at such a folder");
}

void require_file(const fs::path& file, const std::string& layout) {
    if (!fs::exists(file))
        throw Error("source.movielens: layout " + layout + " needs " + file.string() + ", which does not exist");
}

}  // namespace

int64_t year_from_title(std::string_view title) {
    title = trim_blanks(title);
    if (title.size() < 6 || title.back() != ')') return kNullInt;
    const std::string_view tail = title.substr(title.size() - 6);
    int64_t year;
    if (tail[0] != '(' || !parse_int64(tail.substr(1, 4), year)) return kNullInt;
    return year;
}

MovieLensTables read_movielens(const std::string& folder_name, const std::string& layout_name, Context& ctx) {
    const fs::path folder(folder_name);
    const std::string layout = resolve_layout(folder, layout_name);
    MovieLensTables out;
    ctx.progress(0.0, "reading " + layout + " ratings");
    if (layout == "100k") {
        for (const char* name : {"u.data", "u.user", "u.item"}) require_file(folder / name, layout);
        out.ratings = read_ratings(folder / "u.data", "\t", ctx);
        ctx.progress(0.7, "reading users and items");
        out.users = read_users_100k(folder);
        out.items = read_items_100k(folder);
    } else {
        for (const char* name : {"ratings.dat", "movies.dat"}) require_file(folder / name, layout);
        out.ratings = read_ratings(folder / "ratings.dat", "::", ctx);
        ctx.progress(0.7, "reading users and items");
        out.users = read_users_1m(folder);
        out.items = read_items_1m(folder);
    }
    ctx.note("layout", layout);
    ctx.progress(1.0, std::to_string(out.ratings.rows()) + " ratings");
    return out;
}

}  // namespace persona::sources
