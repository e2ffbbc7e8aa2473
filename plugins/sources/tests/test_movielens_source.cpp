// source.movielens on tiny hand-made ML-100K and ML-1M folders.
#include <catch2/catch.hpp>

#include "sources_test_support.h"

using persona::Json;
using persona::kNullInt;
using persona::testing::run_source;
using persona::testing::TempFolder;

namespace {

std::string genre_flags(std::initializer_list<int> set) {
    std::string flags;
    for (int g = 0; g < 19; ++g) {
        bool on = false;
        for (int s : set) on = on || s == g;
        flags += on ? "|1" : "|0";
    }
    return flags;
}

}  // namespace

TEST_CASE("source.movielens reads an ML-100K folder (Latin-1 titles, years, genres)", "[movielens]") {
    TempFolder dir("ml100k");
    dir.write("u.data", "1\t10\t4\t881250949\n2\t20\t3\t891717742\n1\t20\t5\t878887116\n");
    dir.write("u.user", "1|24|M|technician|85711\n2|53|F|other|94043\n");
    dir.write("u.item", "10|Caf\xE9 Society (1995)|01-Jan-1995||http://x" + genre_flags({1, 5}) + "\n" +
                            "20|Nameless|05-Feb-1996||http://y" + genre_flags({8}) + "\n" +
                            "30|unknown|||" + genre_flags({0}) + "\n");
    auto run = run_source("source.movielens", {{"path", dir.path()}});
    const auto& ratings = run.table("ratings");
    REQUIRE(ratings.rows() == 3);
    CHECK(ratings.column("user").ints == std::vector<int64_t>{1, 2, 1});
    CHECK(ratings.column("item").ints == std::vector<int64_t>{10, 20, 20});
    CHECK(ratings.column("rating").floats == std::vector<double>{4, 3, 5});
    CHECK(ratings.column("ts").ints == std::vector<int64_t>{881250949, 891717742, 878887116});

    const auto& users = run.table("users");
    REQUIRE(users.rows() == 2);
    CHECK(users.column("age").ints == std::vector<int64_t>{24, 53});
    CHECK(users.column("gender").text(1) == "F");
    CHECK(users.column("occupation").text(0) == "technician");
    CHECK(users.column("zip").text(1) == "94043");

    const auto& items = run.table("items");
    REQUIRE(items.rows() == 3);
    CHECK(items.column("title").text(0) == "Caf\xC3\xA9 Society (1995)");  // converted to UTF-8
    CHECK(items.column("year").ints == std::vector<int64_t>{1995, 1996, kNullInt});
    CHECK(items.column("genres").text(0) == "Action|Comedy");
    CHECK(items.column("genres").text(1) == "Drama");
    CHECK(run.notes["layout"] == "100k");
}

TEST_CASE("source.movielens reads an ML-1M folder ('::' separators, occupation codes)", "[movielens]") {
    TempFolder dir("ml1m");
    dir.write("ratings.dat", "1::1193::5::978300760\n1::661::3::978302109\n");
    dir.write("users.dat", "1::F::1::10::48067\n2::M::56::12::70072\n");
    dir.write("movies.dat", "1193::One Flew Over the Cuckoo's Nest (1975)::Drama\n661::James and the Giant Peach (1996)::Animation|Children's|Musical\n");
    auto run = run_source("source.movielens", {{"path", dir.path()}});
    CHECK(run.notes["layout"] == "1m");
    CHECK(run.table("ratings").column("rating").floats == std::vector<double>{5, 3});
    const auto& users = run.table("users");
    CHECK(users.column("age").ints == std::vector<int64_t>{1, 56});
    CHECK(users.column("occupation").text(0) == "K-12 student");
    CHECK(users.column("occupation").text(1) == "programmer");
    const auto& items = run.table("items");
    CHECK(items.column("year").ints == std::vector<int64_t>{1975, 1996});
    CHECK(items.column("genres").text(1) == "Animation|Children's|Musical");
}

TEST_CASE("source.movielens explains a folder it cannot read", "[movielens]") {
    TempFolder dir("ml-empty");
    std::string message;
    try {
        run_source("source.movielens", {{"path", dir.path()}});
    } catch (const std::exception& e) {
        message = e.what();
    }
    CHECK_THAT(message, Catch::Contains("u.data"));
    CHECK_THAT(message, Catch::Contains("ratings.dat"));

    dir.write("u.data", "1\t10\tfour\t881250949\n");
    dir.write("u.user", "1|24|M|technician|85711\n");
    dir.write("u.item", "10|A (1995)|||" + genre_flags({1}) + "\n");
    message.clear();
    try {
        run_source("source.movielens", {{"path", dir.path()}});
    } catch (const std::exception& e) {
        message = e.what();
    }
    CHECK_THAT(message, Catch::Contains("u.data:1:"));
    CHECK_THAT(message, Catch::Contains("rating"));
}
