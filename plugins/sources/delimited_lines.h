// DelimitedLines: walks a mapped text file line by line, splitting each line into fields without allocating.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mapped_file.h"

namespace persona::sources {

// Iterates the non-blank lines of a file (LF or CRLF); fields are split by `separator`, or by runs of
// spaces and tabs when the separator is empty. No quoting.
class DelimitedLines {
public:
    DelimitedLines(const std::string& path, std::string separator);

    bool next();  // moves to the next non-blank line; false at the end of the file
    const std::vector<std::string_view>& fields() const { return fields_; }
    int64_t line() const { return line_; }                      // 1-based number of the current line
    std::string_view bytes() const { return file_.bytes(); }    // the whole file
    const std::string& path() const { return file_.path(); }
    double fraction_read() const { return bytes().empty() ? 1.0 : double(pos_) / double(bytes().size()); }

    // "path:line: problem" for errors about the current line.
    std::string where(const std::string& problem) const;
    [[noreturn]] void fail(const std::string& problem) const;
    // Field i as a number, failing with the field's meaning (`what`) when it is not one.
    int64_t integer(size_t i, const char* what) const;
    double number(size_t i, const char* what) const;
    // Fails unless the current line has exactly `count` fields, naming them (`layout`).
    void expect_fields(size_t count, const char* layout) const;

private:
    void split(std::string_view line);

    MappedFile file_;
    std::string separator_;
    size_t pos_ = 0;
    int64_t line_ = 0;
    std::vector<std::string_view> fields_;
};

}  // namespace persona::sources
