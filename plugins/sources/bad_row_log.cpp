#include "bad_row_log.h"

#include "persona/error.h"

namespace persona::sources {

BadRowPolicy bad_row_policy_from_name(const std::string& name) {
    if (name == "fail") return BadRowPolicy::Fail;
    if (name == "skip") return BadRowPolicy::Skip;
    throw Error("bad_rows: expected 'fail' or 'skip', got '" + name + "'");
}

void BadRowLog::add(int64_t line, const std::string& problem) {
    if (policy_ == BadRowPolicy::Fail)
        throw Error(file_ + ":" + std::to_string(line) + ": " + problem +
                    " (set bad_rows: skip to drop such rows and count them)");
    ++count_;
    if (example_lines_.size() < kExamples) {
        example_lines_.push_back(line);
        example_problems_.push_back(problem);
    }
}

void BadRowLog::report(Context& ctx) const {
    ctx.note("bad_rows", count_);
    if (count_ == 0) return;
    ctx.note("bad_row_examples", example_lines_);
    std::string message = "skipped " + std::to_string(count_) + " bad row(s) in " + file_ + ", e.g.";
    for (size_t i = 0; i < example_lines_.size(); ++i)
        message += (i ? "; " : " ") + std::string("line ") + std::to_string(example_lines_[i]) + ": " + example_problems_[i];
    ctx.warn(message);
}

}  // namespace persona::sources
