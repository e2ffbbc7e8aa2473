// source.sequences on a tiny hand-made "user item item ..." file.
#include <catch2/catch.hpp>

#include "sources_test_support.h"

using persona::Json;
using persona::testing::run_source;
using persona::testing::TempFolder;

TEST_CASE("source.sequences expands lines into ordered events and list sequences", "[sequences]") {
    TempFolder dir("seq");
    const std::string path = dir.write("s.txt", "1 10 11 12\n\n3 15\n7 20 10\n");
    auto run = run_source("source.sequences", {{"path", path}});
    const auto& events = run.table("events");
    CHECK(events.column("user").ints == std::vector<int64_t>{1, 1, 1, 3, 7, 7});
    CHECK(events.column("item").ints == std::vector<int64_t>{10, 11, 12, 15, 20, 10});
    CHECK(events.column("ts").ints == std::vector<int64_t>{0, 1, 2, 0, 0, 1});
    const auto& seqs = run.table("sequences");
    REQUIRE(seqs.rows() == 3);
    CHECK(seqs.column("user").ints == std::vector<int64_t>{1, 3, 7});
    CHECK(seqs.column("items").offsets == std::vector<int64_t>{0, 3, 4, 6});
    CHECK(seqs.column("items").ints == std::vector<int64_t>{10, 11, 12, 15, 20, 10});
    CHECK(run.notes["bad_rows"] == 0);
}

TEST_CASE("source.sequences: a non-integer token fails or is skipped and counted", "[sequences]") {
    TempFolder dir("seq-bad");
    const std::string path = dir.write("s.txt", "1 10 11\n2 12 x 13\n3 14\n");
    std::string message;
    try {
        run_source("source.sequences", {{"path", path}});
    } catch (const std::exception& e) {
        message = e.what();
    }
    CHECK_THAT(message, Catch::Contains("s.txt:2:"));
    CHECK_THAT(message, Catch::Contains("'x'"));

    auto run = run_source("source.sequences", {{"path", path}, {"bad_rows", "skip"}});
    CHECK(run.table("events").column("user").ints == std::vector<int64_t>{1, 1, 3});
    CHECK(run.table("sequences").rows() == 2);
    CHECK(run.notes["bad_rows"] == 1);
    CHECK(run.notes["bad_row_examples"] == Json{2});
}
