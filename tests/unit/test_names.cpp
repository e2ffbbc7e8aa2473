// Tests of the SDK's name helpers for error messages (persona/names.h).
#include <catch2/catch.hpp>

#include "persona/names.h"

using namespace persona;
using Names = std::vector<std::string>;

TEST_CASE("names: edit distance counts inserts, deletes, replaces and swaps, ignoring case", "[sdk][names]") {
    CHECK(edit_distance("", "") == 0);
    CHECK(edit_distance("abc", "") == 3);
    CHECK(edit_distance("knn", "knnn") == 1);       // insert
    CHECK(edit_distance("value", "vaule") == 1);    // a swap of neighbours is one edit
    CHECK(edit_distance("SEGMENT", "segment") == 0);
    CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("names: close names, closest first, and the did-you-mean text", "[sdk][names]") {
    const Names known = {"r_score", "f_score", "m_score", "segment", "frequency", "user"};
    // Within max(1, 7 / 3) = 2 edits of "r_scor": r_score (1), f_score and m_score (2).
    CHECK(close_names("r_scor", known) == Names{"r_score", "f_score", "m_score"});
    CHECK(close_names("r_score", known) == Names{"f_score", "m_score"});  // itself is not a suggestion
    CHECK(close_names("freq", known) == Names{"frequency"});              // a part of three letters or more
    CHECK(close_names("rfm_segment", known) == Names{"segment"});         // or a whole name inside it
    CHECK(close_names("usr", known) == Names{"user"});                    // short names: one edit
    CHECK(close_names("monetary", known).empty());
    CHECK(close_names("SEGMENT", known) == Names{"segment"});
    CHECK(did_you_mean("monetary", known).empty());
    CHECK(did_you_mean("freq", known) == "; did you mean 'frequency'?");
    CHECK(did_you_mean("r_score", known) == "; did you mean 'f_score' or 'm_score'?");
    CHECK(did_you_mean("r_scor", known) == "; did you mean 'r_score', 'f_score' or 'm_score'?");
}

TEST_CASE("names: lists", "[sdk][names]") {
    CHECK(join_names({}) == "none");
    CHECK(join_names({"a"}) == "a");
    CHECK(join_names({"a", "b", "c"}) == "a, b, c");
}
