// Statement: a small RAII wrapper over a prepared SQLite statement.
#pragma once
#include <sqlite3.h>

#include <string>
#include <string_view>

#include "persona/error.h"

namespace persona::kernel {

// A prepared statement with positional binds (1-based) and row stepping.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
            throw Error(std::string("store: cannot prepare SQL: ") + sqlite3_errmsg(db));
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int i, std::string_view text) {
        sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind_blob(int i, std::string_view bytes) {
        sqlite3_bind_blob64(stmt_, i, bytes.data(), bytes.size(), SQLITE_STATIC);
        return *this;
    }
    Statement& bind(int i, int64_t value) {
        sqlite3_bind_int64(stmt_, i, value);
        return *this;
    }
    Statement& bind(int i, double value) {
        sqlite3_bind_double(stmt_, i, value);
        return *this;
    }
    // Returns true while there is a row; throws Error on failure.
    bool step() {
        int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw Error(std::string("store: ") + sqlite3_errmsg(db_));
    }
    void run() { while (step()) {} }
    void reset() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
    double real(int col) const { return sqlite3_column_double(stmt_, col); }
    bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
    std::string text(int col) const {
        const unsigned char* p = sqlite3_column_text(stmt_, col);
        return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col)) : std::string();
    }
    std::string_view blob(int col) const {
        const void* p = sqlite3_column_blob(stmt_, col);
        return p ? std::string_view(static_cast<const char*>(p), sqlite3_column_bytes(stmt_, col)) : std::string_view();
    }

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace persona::kernel
