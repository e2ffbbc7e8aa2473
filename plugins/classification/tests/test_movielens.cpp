// transform.tfidf and transform.bins on the real MovieLens-100K files (skipped with a warning when
// ../shared/data/ml-100k is absent), checked against counts read straight from the files.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "classification_test.h"

using classification_test::run;
using persona::Json;
using persona::Table;

namespace {

const std::string kFolder = std::string(PERSONA_DATA_DIR) + "/ml-100k";

// source.movielens' outputs (ratings, users, items).
persona::Outputs load_movielens() {
    return persona::kernel::invoke(persona::testing::registry_with("persona_sources"), "source.movielens", {},
                                   Json{{"path", kFolder}});
}

// Per user from u.data (user \t item \t rating \t ts): the number of ratings and their sum.
std::map<int64_t, std::pair<int64_t, int64_t>> ratings_per_user() {
    std::map<int64_t, std::pair<int64_t, int64_t>> out;
    std::ifstream in(kFolder + "/u.data");
    int64_t user, item, rating, ts;
    while (in >> user >> item >> rating >> ts) {
        out[user].first += 1;
        out[user].second += rating;
    }
    return out;
}

}  // namespace

TEST_CASE("tfidf raw on ML-100K: one rating vector per user with that user's ratings", "[movielens]") {
    if (!std::filesystem::exists(kFolder + "/u.data")) {
        WARN("MovieLens-100K not found under PERSONA_DATA_DIR; skipping");
        return;
    }
    auto movielens = load_movielens();
    auto out = run("transform.tfidf", persona::testing::table_input("events", movielens.at("ratings")->table()),
                   Json{{"mode", "raw"}, {"value", "rating"}, {"norm", "none"}});
    const Table& vectors = out.at("vectors")->table();
    const auto expected = ratings_per_user();
    REQUIRE(vectors.rows() == static_cast<int64_t>(expected.size()));  // 943 users
    const auto& raw = vectors.column("raw");
    CHECK(raw.width == 1682);  // every movie was rated at least once
    for (int64_t row = 0; row < vectors.rows(); ++row) {
        int64_t nonzero = 0;
        double sum = 0;
        for (int64_t j = 0; j < raw.width; ++j) {
            const float v = raw.vectors[row * raw.width + j];
            nonzero += v != 0;
            sum += v;
        }
        const auto& [count, total] = expected.at(vectors.column("user").ints[row]);
        CHECK(nonzero == count);
        CHECK(sum == Approx(total));
    }
}

TEST_CASE("bins on ML-100K ages give the age groups counted straight from u.user", "[movielens]") {
    if (!std::filesystem::exists(kFolder + "/u.user")) {
        WARN("MovieLens-100K not found under PERSONA_DATA_DIR; skipping");
        return;
    }
    std::map<std::string, int64_t> expected;  // u.user: user|age|gender|occupation|zip
    std::ifstream in(kFolder + "/u.user");
    std::string line;
    const std::vector<std::pair<int, std::string>> groups{{18, "under 18"}, {25, "18-24"}, {35, "25-34"},
                                                          {45, "35-44"}, {50, "45-49"}, {56, "50-55"}};
    while (std::getline(in, line)) {
        std::stringstream fields(line);
        std::string user, age;
        std::getline(fields, user, '|');
        std::getline(fields, age, '|');
        std::string group = "56+";
        for (const auto& [below, name] : groups)
            if (std::stoi(age) < below) {
                group = name;
                break;
            }
        ++expected[group];
    }
    auto movielens = load_movielens();
    Json params{{"column", "age"},
                {"edges", {18, 25, 35, 45, 50, 56}},
                {"labels", {"under 18", "18-24", "25-34", "35-44", "45-49", "50-55", "56+"}},
                {"output", "age_group"}};
    auto out = run("transform.bins", persona::testing::table_input("table", movielens.at("users")->table()), params);
    std::map<std::string, int64_t> got;
    const auto& group = out.at("table")->table().column("age_group");
    for (int64_t row = 0; row < group.size(); ++row) ++got[std::string(group.text(row))];
    CHECK(got == expected);
    CHECK(got.size() == 7);
}
