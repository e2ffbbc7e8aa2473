// Reading raw transaction lines (profile.transactions): user ids, times, product codes, and the
// per-line decision (kept as purchase/return/cancel, or rejected with the first reason that applies).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "persona/table.h"
#include "table_columns.h"

namespace persona::profiles {

// Why a line is rejected, in the order the checks run (the first that applies is recorded).
enum class Reason : uint8_t {
    kept = 0,
    missing_user,       // null or empty user
    bad_user,           // a user that is not an integral number (e.g. 17850.5, "abc")
    bad_time,           // null or unparseable time
    missing_item,       // null or empty item
    bad_quantity,       // null quantity
    bad_price,          // null price
    cancelled,          // invoice starts with cancel_prefix, policy cancelled: drop
    return_line,        // negative quantity, policy returns: drop
    nonpositive_price,  // price <= 0, policy nonpositive_price: drop
};
constexpr int kReasonCount = 10;
const char* reason_name(Reason reason);  // "missing_user", ..., "return", ...

// The event type of a kept line.
enum class LineType : uint8_t { purchase = 0, return_line = 1, cancel = 2 };
const char* line_type_name(LineType type);  // "purchase", "return", "cancel"

// What happens to lines of each kind.
struct LinePolicy {
    std::string cancel_prefix = "C";
    bool keep_cancelled = false;
    enum class Returns { drop, net, keep } returns = Returns::drop;
    bool keep_nonpositive_price = false;
};

// User ids: per row the id, or kNullInt with a status saying why.
struct UserIds {
    std::vector<int64_t> id;
    std::vector<uint8_t> status;  // 0 ok, 1 missing, 2 not an integral number
};
// int64 as is; float64 when integral (17850.0); strings that read as integral numbers ("17850", "17850.0").
UserIds read_user_ids(const Column& column, const ColumnParam& from);

// Times in unix seconds, kNullInt when null or unparseable: int64 as is, float64 rounded, strings parsed
// ("YYYY-MM-DD[ HH:MM[:SS]]" or "M/D/YYYY H:MM"), each distinct string once.
ColumnValues<int64_t> read_times(const Column& column, const ColumnParam& from);

// Product codes mapped to int64 ids: string codes are numbered 0.. in byte-wise order over all non-empty
// codes of the input (so ids do not depend on the policies); int64 items keep their value.
struct ItemIds {
    std::vector<int64_t> id;          // per row, kNullInt when missing
    std::vector<int64_t> code_of;     // per row the code in `codes` (-1 when missing)
    std::vector<std::string> codes;   // the original codes as text
};
ItemIds read_item_ids(const Column& column, const ColumnParam& from);

// Per row 1 when the invoice (string or int64 text) starts with the prefix.
std::vector<uint8_t> cancelled_flags(const Column& invoice, const std::string& prefix);

// The decision for every line.
struct LineDecisions {
    std::vector<Reason> reason;  // kept or why not
    std::vector<LineType> type;  // for kept lines
    // Lines with each policy case among lines that passed the data checks (whatever the policy did).
    int64_t cancelled = 0, returns = 0, nonpositive_price = 0;
};

// Applies the checks in Reason order. cancelled may be empty (no invoice column).
LineDecisions decide_lines(const UserIds& users, const ColumnValues<int64_t>& times, const ItemIds& items,
                           const ColumnValues<double>& quantity, const ColumnValues<double>& price,
                           const std::vector<uint8_t>& cancelled, const LinePolicy& policy);

}  // namespace persona::profiles
