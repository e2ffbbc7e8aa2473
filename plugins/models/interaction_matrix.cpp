#include "interaction_matrix.h"

#include <algorithm>

#include "persona/error.h"
#include "persona/table.h"

namespace persona::models {

namespace {

// Sorted distinct values of `ids` at the given rows.
std::vector<int64_t> distinct_ids(const std::vector<int64_t>& ids, const std::vector<int64_t>& rows) {
    std::vector<int64_t> out;
    out.reserve(rows.size());
    for (int64_t r : rows) out.push_back(ids[r]);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

int32_t index_of(const std::vector<int64_t>& sorted_ids, int64_t id) {
    return static_cast<int32_t>(std::lower_bound(sorted_ids.begin(), sorted_ids.end(), id) - sorted_ids.begin());
}

// Fills the user-major CSR: items of each user sorted, duplicates merged into one weighted cell.
void fill_user_rows(InteractionMatrix& m, const std::vector<int32_t>& row_user, const std::vector<int32_t>& row_item,
                    bool count_weighting) {
    std::vector<int64_t> start(m.users + 1, 0);
    for (int32_t u : row_user) ++start[u + 1];
    for (int64_t u = 0; u < m.users; ++u) start[u + 1] += start[u];
    std::vector<int32_t> cells(row_item.size());
    std::vector<int64_t> cursor(start.begin(), start.end() - 1);
    for (size_t r = 0; r < row_user.size(); ++r) cells[cursor[row_user[r]]++] = row_item[r];

    m.user_offsets.assign(1, 0);
    m.user_offsets.reserve(m.users + 1);
    m.user_items.reserve(cells.size());
    m.user_weights.reserve(cells.size());
    for (int64_t u = 0; u < m.users; ++u) {
        std::sort(cells.begin() + start[u], cells.begin() + start[u + 1]);
        for (int64_t k = start[u]; k < start[u + 1]; ++k) {
            const bool repeat = k > start[u] && cells[k] == cells[k - 1];
            if (repeat) {
                if (count_weighting) m.user_weights.back() += 1.0f;
                continue;
            }
            m.user_items.push_back(cells[k]);
            m.user_weights.push_back(1.0f);
        }
        m.user_offsets.push_back(static_cast<int64_t>(m.user_items.size()));
    }
}

// Fills the item-major CSR by transposing the user-major one (users stay ascending within an item).
void fill_item_rows(InteractionMatrix& m) {
    const int64_t items = m.items();
    m.item_offsets.assign(items + 1, 0);
    for (int32_t i : m.user_items) ++m.item_offsets[i + 1];
    for (int64_t i = 0; i < items; ++i) m.item_offsets[i + 1] += m.item_offsets[i];
    m.item_users.resize(m.user_items.size());
    m.item_weights.resize(m.user_items.size());
    std::vector<int64_t> cursor(m.item_offsets.begin(), m.item_offsets.end() - 1);
    for (int64_t u = 0; u < m.users; ++u) {
        for (int64_t k = m.user_offsets[u]; k < m.user_offsets[u + 1]; ++k) {
            const int64_t slot = cursor[m.user_items[k]]++;
            m.item_users[slot] = static_cast<int32_t>(u);
            m.item_weights[slot] = m.user_weights[k];
        }
    }
}

}  // namespace

InteractionMatrix build_interaction_matrix(const std::vector<int64_t>& users, const std::vector<int64_t>& items,
                                           bool count_weighting, int64_t& bad_rows) {
    std::vector<int64_t> good_rows;
    good_rows.reserve(users.size());
    for (size_t r = 0; r < users.size(); ++r)
        if (users[r] != kNullInt && items[r] != kNullInt) good_rows.push_back(static_cast<int64_t>(r));
    bad_rows = static_cast<int64_t>(users.size() - good_rows.size());

    InteractionMatrix m;
    const std::vector<int64_t> user_ids = distinct_ids(users, good_rows);
    m.item_ids = distinct_ids(items, good_rows);
    if (user_ids.size() > INT32_MAX || m.item_ids.size() > INT32_MAX)
        throw Error("interaction matrix: more than 2^31 distinct users or items");
    m.users = static_cast<int64_t>(user_ids.size());

    std::vector<int32_t> row_user(good_rows.size()), row_item(good_rows.size());
    for (size_t k = 0; k < good_rows.size(); ++k) {
        row_user[k] = index_of(user_ids, users[good_rows[k]]);
        row_item[k] = index_of(m.item_ids, items[good_rows[k]]);
    }
    fill_user_rows(m, row_user, row_item, count_weighting);
    fill_item_rows(m);
    return m;
}

}  // namespace persona::models
