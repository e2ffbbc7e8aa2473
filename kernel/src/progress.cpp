#include "progress.h"

#include <unistd.h>

#include <cstdio>

namespace persona::kernel {

ProgressLine::ProgressLine(bool enabled, size_t total_steps)
    : enabled_(enabled), tty_(enabled && isatty(STDERR_FILENO)), total_(total_steps) {}

void ProgressLine::clear_line() {
    if (tty_) std::fprintf(stderr, "\r\033[K");
}

void ProgressLine::started(const std::string& step, const std::string& op) {
    std::lock_guard<std::mutex> lock(mutex_);
    running_[step] = State{op, "", -1, std::chrono::steady_clock::now()};
    if (enabled_) draw(step);
}

void ProgressLine::update(const std::string& step, double fraction, const std::string& note) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = running_.find(step);
    if (it == running_.end()) return;
    it->second.fraction = fraction;
    it->second.note = note;
    auto now = std::chrono::steady_clock::now();
    if (tty_ && now - last_draw_ > std::chrono::milliseconds(100)) draw(step);
}

void ProgressLine::draw(const std::string& step) {
    if (!tty_) return;
    const State& s = running_[step];
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - s.start).count();
    clear_line();
    std::fprintf(stderr, "[%zu/%zu] %s (%s)", finished_ + 1, total_, step.c_str(), s.op.c_str());
    if (s.fraction >= 0) std::fprintf(stderr, " %3.0f%%", 100.0 * s.fraction);
    if (!s.note.empty()) std::fprintf(stderr, " %s", s.note.c_str());
    std::fprintf(stderr, " %.1fs", elapsed);
    std::fflush(stderr);
    last_draw_ = std::chrono::steady_clock::now();
}

void ProgressLine::finished(const std::string& step, const std::string& how, double seconds) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string op = running_[step].op;
    running_.erase(step);
    ++finished_;
    if (!enabled_) return;
    clear_line();
    std::fprintf(stderr, "[%zu/%zu] %-12s %-20s %-7s %.2fs\n", finished_, total_, step.c_str(), op.c_str(), how.c_str(),
                 seconds);
    std::fflush(stderr);
}

void ProgressLine::message(const std::string& text) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!enabled_) return;
    clear_line();
    std::fprintf(stderr, "%s\n", text.c_str());
    std::fflush(stderr);
}

}  // namespace persona::kernel
