// TextTable: aligned plain-text tables for the terminal.
#pragma once
#include <string>
#include <vector>

namespace persona::cli {

// Collects rows of cells and prints them with aligned columns.
class TextTable {
public:
    explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    std::string str() const;
    bool empty() const { return rows_.empty(); }
private:
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;
};

std::string format_number(double value);     // 4 decimals for fractions, plain for whole numbers
std::string format_bytes(int64_t bytes);     // 1.2 MB
std::string format_time(double epoch_seconds);  // 2026-11-23 10:42:01 (local time)
int64_t parse_size(const std::string& text);    // "500M", "2G", "1024" -> bytes; throws Error

}  // namespace persona::cli
