// Tests of reading sequences: time order, the item id map, event-type codes, bad rows, held-out rows.
#include <catch2/catch.hpp>

#include "persona/error.h"
#include "sequence_data.h"

using namespace persona;
using namespace persona::sequential;

namespace {

std::vector<int64_t> slice(const std::vector<int64_t>& values, const SequenceData& data, int64_t user_row) {
    return {values.begin() + data.offsets[user_row], values.begin() + data.offsets[user_row + 1]};
}

Table events(std::vector<int64_t> user, std::vector<int64_t> item, std::vector<int64_t> ts) {
    Table t;
    t.add_int64("user", std::move(user));
    t.add_int64("item", std::move(item));
    t.add_int64("ts", std::move(ts));
    return t;
}

}  // namespace

TEST_CASE("sequences are grouped by user, ordered by time, items numbered by ascending id", "[data]") {
    // user 9: items 50 (t=3), 20 (t=1), 70 (t=2) -> 20, 70, 50; user 4: 20 (t=5), 50 (t=5) keep row order.
    SequenceCounts counts;
    SequenceData data =
        read_sequences(events({9, 9, 4, 9, 4}, {50, 20, 20, 70, 50}, {3, 1, 5, 2, 5}), SequenceColumns{}, "op", counts);
    CHECK(data.item_ids == std::vector<int64_t>{20, 50, 70});  // columns 1, 2, 3
    CHECK(data.users == std::vector<int64_t>{4, 9});
    CHECK(slice(data.items, data, 0) == std::vector<int64_t>{1, 2});
    CHECK(slice(data.items, data, 1) == std::vector<int64_t>{1, 3, 2});
    CHECK(slice(data.times, data, 1) == std::vector<int64_t>{1, 2, 3});
    CHECK(data.item_columns() == 4);
    CHECK_FALSE(data.has_types());
    CHECK(data.position(9) == 1);
    CHECK(data.position(5) == -1);
    CHECK(counts.rows == 5);
    CHECK(counts.bad_rows == 0);
}

TEST_CASE("rows with a null user, item or time are skipped and counted", "[data]") {
    SequenceCounts counts;
    SequenceData data = read_sequences(events({1, kNullInt, 1, 1}, {5, 6, kNullInt, 7}, {0, 1, 2, kNullInt}),
                                       SequenceColumns{}, "op", counts);
    CHECK(counts.bad_rows == 3);
    CHECK(data.item_ids == std::vector<int64_t>{5});
    CHECK_THROWS_WITH(read_sequences(events({kNullInt}, {1}, {1}), SequenceColumns{}, "model.x", counts),
                      Catch::Contains("model.x") && Catch::Contains("no rows"));
}

TEST_CASE("event types get codes in sorted order, null types their own, the most frequent is the default", "[data]") {
    Table t = events({1, 1, 1, 2, 2}, {1, 2, 3, 1, 2}, {0, 1, 2, 0, 1});
    StringColumnBuilder type;
    for (const char* s : {"view", "buy", "view", "cart", ""}) std::string(s).empty() ? type.push_null() : type.push(s);
    t.add(type.finish("event"));
    SequenceColumns columns;
    columns.type = "event";
    SequenceCounts counts;
    SequenceData data = read_sequences(t, columns, "op", counts);
    CHECK(data.type_names == std::vector<std::string>{"buy", "cart", "view", "(null)"});
    CHECK(data.types == std::vector<int64_t>{3, 1, 3, 2, 4});
    CHECK(data.default_type == 3);
    CHECK(data.type_columns() == 5);
    CHECK(counts.null_type_rows == 1);

    Table numeric = events({1, 1, 1}, {1, 2, 3}, {0, 1, 2});
    numeric.add_int64("kind", {10, 2, 10});
    columns.type = "kind";
    SequenceData coded = read_sequences(numeric, columns, "op", counts);
    CHECK(coded.type_names == std::vector<std::string>{"2", "10"});  // numeric order
    CHECK(coded.types == std::vector<int64_t>{2, 1, 2});
}

TEST_CASE("missing or mistyped columns name the param, the table and the columns found", "[data]") {
    SequenceCounts counts;
    Table t = events({1}, {2}, {3});
    SequenceColumns columns;
    columns.time = "when";
    CHECK_THROWS_WITH(read_sequences(t, columns, "model.gru4rec", counts),
                      Catch::Contains("model.gru4rec") && Catch::Contains("'when'") && Catch::Contains("'time'") &&
                          Catch::Contains("user, item, ts"));
    Table strings;
    strings.add_string("user", {"a"});
    strings.add_int64("item", {1});
    strings.add_int64("ts", {1});
    CHECK_THROWS_WITH(read_sequences(strings, SequenceColumns{}, "op", counts), Catch::Contains("must be int64"));
    Table floats = events({1}, {2}, {3});
    floats.add_float64("event", {1.0});
    columns = SequenceColumns{};
    columns.type = "event";
    CHECK_THROWS_WITH(read_sequences(floats, columns, "op", counts), Catch::Contains("int64 or string"));
}

TEST_CASE("held-out rows map to columns; unknown items and users are skipped and counted", "[data]") {
    SequenceCounts counts;
    SequenceData data = read_sequences(events({1, 1, 2}, {10, 20, 30}, {0, 5, 0}), SequenceColumns{}, "op", counts);
    Table valid;
    valid.add_int64("user", {2, 1, 3, 1, kNullInt});
    valid.add_int64("item", {10, 30, 10, 99, 10});
    HeldOut held = read_held_out(valid, data, SequenceColumns{}, "op", "valid");
    CHECK(held.count(0) == 1);
    CHECK(held.count(1) == 1);
    CHECK(held.items == std::vector<int64_t>{3, 1});
    CHECK(held.times == std::vector<int64_t>{5, 0});  // no time column: the user's last train time
    CHECK(held.unknown_users == 1);
    CHECK(held.unknown_items == 1);
    CHECK(held.bad_rows == 1);

    SequenceData full = append_held_out(data, held);
    CHECK(slice(full.items, full, 0) == std::vector<int64_t>{1, 2, 3});
    CHECK(slice(full.items, full, 1) == std::vector<int64_t>{3, 1});
    CHECK(full.item_ids == data.item_ids);
}
