#include "delimited_lines.h"

#include "persona/error.h"
#include "value_parse.h"

namespace persona::sources {

DelimitedLines::DelimitedLines(const std::string& path, std::string separator)
    : file_(path), separator_(std::move(separator)) {}

bool DelimitedLines::next() {
    const std::string_view data = file_.bytes();
    while (pos_ < data.size()) {
        size_t end = data.find('\n', pos_);
        if (end == std::string_view::npos) end = data.size();
        std::string_view line = data.substr(pos_, end - pos_);
        pos_ = end + 1;
        ++line_;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (trim_blanks(line).empty()) continue;
        split(line);
        return true;
    }
    return false;
}

void DelimitedLines::split(std::string_view line) {
    fields_.clear();
    if (separator_.empty()) {
        size_t i = 0;
        while (i < line.size()) {
            while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
            if (i == line.size()) break;
            size_t j = i;
            while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
            fields_.push_back(line.substr(i, j - i));
            i = j;
        }
        return;
    }
    size_t start = 0;
    for (;;) {
        size_t at = line.find(separator_, start);
        if (at == std::string_view::npos) {
            fields_.push_back(line.substr(start));
            return;
        }
        fields_.push_back(line.substr(start, at - start));
        start = at + separator_.size();
    }
}

std::string DelimitedLines::where(const std::string& problem) const {
    return file_.path() + ":" + std::to_string(line_) + ": " + problem;
}

void DelimitedLines::fail(const std::string& problem) const { throw Error(where(problem)); }

int64_t DelimitedLines::integer(size_t i, const char* what) const {
    int64_t v;
    if (!parse_int64(trim_blanks(fields_[i]), v))
        fail(std::string("expected an integer ") + what + " in field " + std::to_string(i + 1) + ", got '" +
             std::string(fields_[i].substr(0, 40)) + "'");
    return v;
}

double DelimitedLines::number(size_t i, const char* what) const {
    double v;
    if (!parse_float64(trim_blanks(fields_[i]), v))
        fail(std::string("expected a number ") + what + " in field " + std::to_string(i + 1) + ", got '" +
             std::string(fields_[i].substr(0, 40)) + "'");
    return v;
}

void DelimitedLines::expect_fields(size_t count, const char* layout) const {
    if (fields_.size() != count)
        fail("expected " + std::to_string(count) + " fields (" + layout + "), found " + std::to_string(fields_.size()));
}

}  // namespace persona::sources
