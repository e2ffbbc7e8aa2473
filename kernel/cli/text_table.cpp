#include "text_table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "persona/error.h"

namespace persona::cli {

std::string TextTable::str() const {
    std::vector<size_t> width(header_.size(), 0);
    auto measure = [&](const std::vector<std::string>& row) {
        for (size_t i = 0; i < row.size() && i < width.size(); ++i) width[i] = std::max(width[i], row[i].size());
    };
    measure(header_);
    for (const auto& r : rows_) measure(r);
    std::string out;
    auto line = [&](const std::vector<std::string>& row) {
        std::string text;
        for (size_t i = 0; i < width.size(); ++i) {
            std::string cell = i < row.size() ? row[i] : "";
            text += cell;
            if (i + 1 < width.size()) text += std::string(width[i] - cell.size() + 2, ' ');
        }
        while (!text.empty() && text.back() == ' ') text.pop_back();
        out += text + "\n";
    };
    line(header_);
    std::vector<std::string> rule;
    for (size_t w : width) rule.push_back(std::string(w, '-'));
    line(rule);
    for (const auto& r : rows_) line(r);
    return out;
}

std::string format_number(double value) {
    char buf[64];
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15)
        std::snprintf(buf, sizeof buf, "%.0f", value);
    else
        std::snprintf(buf, sizeof buf, "%.4f", value);
    return buf;
}

std::string format_bytes(int64_t bytes) {
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    double v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    return buf;
}

std::string format_time(double epoch_seconds) {
    std::time_t t = static_cast<std::time_t>(epoch_seconds);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

int64_t parse_size(const std::string& text) {
    size_t pos = 0;
    double value = 0;
    try {
        value = std::stod(text, &pos);
    } catch (const std::exception&) {
        pos = 0;
    }
    std::string unit = text.substr(pos);
    std::transform(unit.begin(), unit.end(), unit.begin(), ::toupper);
    if (!unit.empty() && unit.back() == 'B') unit.pop_back();
    double scale = 0;
    if (unit.empty()) scale = 1;
    else if (unit == "K") scale = 1024.0;
    else if (unit == "M") scale = 1024.0 * 1024;
    else if (unit == "G") scale = 1024.0 * 1024 * 1024;
    if (pos == 0 || scale == 0 || value < 0)
        throw Error("--max-size: expected a size like 500M, 2G or 1048576, got '" + text + "'");
    return static_cast<int64_t>(value * scale);
}

}  // namespace persona::cli
