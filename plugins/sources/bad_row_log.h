// BadRowLog: applies a source's bad-row policy (fail at once, or skip and count) and reports what it saw.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "persona/context.h"

namespace persona::sources {

// What a source does with a row it cannot read.
enum class BadRowPolicy { Fail, Skip };

BadRowPolicy bad_row_policy_from_name(const std::string& name);  // "fail" or "skip"

// Collects bad rows of one file. Under Fail, add() throws "file:line: problem".
class BadRowLog {
public:
    BadRowLog(BadRowPolicy policy, std::string file) : policy_(policy), file_(std::move(file)) {}

    void add(int64_t line, const std::string& problem);
    int64_t count() const { return count_; }
    BadRowPolicy policy() const { return policy_; }

    // Notes "bad_rows" (always) and "bad_row_examples" (first line numbers); warns when rows were skipped.
    void report(Context& ctx) const;

private:
    static constexpr size_t kExamples = 5;
    BadRowPolicy policy_;
    std::string file_;
    int64_t count_ = 0;
    std::vector<int64_t> example_lines_;
    std::vector<std::string> example_problems_;
};

}  // namespace persona::sources
