// ProgressLine: the one-line progress display of a run on stderr.
#pragma once
#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace persona::kernel {

// Shows the running step, its progress and elapsed time (redrawn in place on a terminal).
class ProgressLine {
public:
    ProgressLine(bool enabled, size_t total_steps);
    void started(const std::string& step, const std::string& op);
    void update(const std::string& step, double fraction, const std::string& note);
    void finished(const std::string& step, const std::string& how, double seconds);
    void message(const std::string& text);

private:
    void draw(const std::string& step);
    void clear_line();
    struct State {
        std::string op, note;
        double fraction = -1;
        std::chrono::steady_clock::time_point start;
    };
    bool enabled_, tty_;
    size_t total_, finished_ = 0;
    std::map<std::string, State> running_;
    std::chrono::steady_clock::time_point last_draw_{};
    std::mutex mutex_;
};

}  // namespace persona::kernel
