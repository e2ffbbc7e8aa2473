#include "csv_scanner.h"

#include <algorithm>
#include <cstring>

#include "prefault.h"

namespace persona::sources {

namespace {

int64_t count_newlines(const char* begin, const char* end) {
    return static_cast<int64_t>(std::count(begin, end, '\n'));
}

// SWAR ("SIMD within a register") helpers: look at 8 bytes at once.
constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;

uint64_t load8(const char* p) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
}

// The high bit of each byte of w that equals `byte` is set; all other bits are clear (exact, no false hits).
uint64_t bytes_equal(uint64_t w, unsigned char byte) {
    const uint64_t x = w ^ (kOnes * byte);
    return ~(((x & kLow7) + kLow7) | x) & ~kLow7;
}

// How many of the 8 byte-high bits of m are set (m has no other bits set).
size_t count_high_bits(uint64_t m) { return static_cast<size_t>(((m >> 7) * kOnes) >> 56); }

// How many bytes of [begin, end) equal a and how many equal b.
void count_two(const char* p, const char* end, char a, char b, size_t& count_a, size_t& count_b) {
    size_t na = 0, nb = 0;
    for (; end - p >= 8; p += 8) {
        const uint64_t w = load8(p);
        na += count_high_bits(bytes_equal(w, static_cast<unsigned char>(a)));
        nb += count_high_bits(bytes_equal(w, static_cast<unsigned char>(b)));
    }
    for (; p < end; ++p) {
        na += *p == a;
        nb += *p == b;
    }
    count_a = na;
    count_b = nb;
}

// Scans the state of one pass: the cursor, the line counter and the output being filled.
class Scanner {
public:
    Scanner(std::string_view data, const CsvDialect& dialect, CsvScan& out)
        : base_(data.data()), end_(data.data() + data.size()), dialect_(dialect), out_(out) {
        std::memset(stops_, 0, sizeof(stops_));
        stops_[static_cast<unsigned char>(dialect.delimiter)] = true;
        stops_[static_cast<unsigned char>('\n')] = true;
    }

    void run() {
        const char* p = base_;
        if (end_ - p >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
        out_.row_first_field.push_back(0);
        while (p < end_) {
            if (*p == '\n') { ++p; ++line_; continue; }  // blank line
            if (*p == '\r' && (p + 1 == end_ || p[1] == '\n')) { p += 2; ++line_; continue; }
            p = scan_row(p);
        }
    }

private:
    // Scans one row starting at p; returns where the next row starts.
    const char* scan_row(const char* p) {
        out_.row_starts.push_back(static_cast<uint64_t>(p - base_));
        out_.row_lines.push_back(line_);
        for (;;) {
            const char* stop;
            if (dialect_.quoting && *p == dialect_.quote) {
                stop = scan_quoted(p);
                if (!stop) return finish_row(end_);  // unclosed quote: the rest of the file is this row
            } else {
                stop = scan_plain(p);
            }
            if (stop < end_ && *stop == dialect_.delimiter && stop_is_delimiter_) {
                p = stop + 1;
                if (p == end_) {  // a delimiter right before the end of the file: one more empty field
                    out_.field_ends.push_back(static_cast<uint64_t>(p - base_));
                    return finish_row(end_);
                }
                continue;
            }
            return finish_row(stop);
        }
    }

    // An unquoted field: runs to the next delimiter or newline. Returns the stop position.
    const char* scan_plain(const char* p) {
        const char* c = p;
        const unsigned char delimiter = static_cast<unsigned char>(dialect_.delimiter);
        for (; end_ - c >= 8; c += 8) {  // 8 bytes at a time while no stop byte shows up
            const uint64_t w = load8(c);
            const uint64_t hits = bytes_equal(w, delimiter) | bytes_equal(w, '\n');
            if (hits) {
                c += __builtin_ctzll(hits) / 8;
                goto found;
            }
        }
        while (c < end_ && !stops_[static_cast<unsigned char>(*c)]) ++c;
    found:
        const char* raw_end = c;
        if (c > p && c[-1] == '\r' && (c == end_ || *c == '\n')) --raw_end;
        out_.field_ends.push_back(static_cast<uint64_t>(raw_end - base_));
        stop_is_delimiter_ = c < end_ && *c == dialect_.delimiter;
        return c;
    }

    // A quoted field starting at p. Returns the stop position, or nullptr when the quote never closes.
    const char* scan_quoted(const char* p) {
        const char quote = dialect_.quote;
        uint64_t flags = CsvScan::kQuoted;
        const char* q = p + 1;
        const char* close;
        for (;;) {
            close = static_cast<const char*>(std::memchr(q, quote, static_cast<size_t>(end_ - q)));
            if (!close) {
                line_ += count_newlines(q, end_);
                out_.malformed.push_back({out_.rows() - 1, "a quoted field opened here never closes"});
                out_.field_ends.push_back(static_cast<uint64_t>(end_ - base_));
                return nullptr;
            }
            line_ += count_newlines(q, close);
            if (close + 1 < end_ && close[1] == quote) {
                flags |= CsvScan::kEscaped;
                q = close + 2;
                continue;
            }
            break;
        }
        const char* after = close + 1;
        out_.field_ends.push_back(static_cast<uint64_t>(after - base_) | flags);
        if (after == end_ || *after == '\n') { stop_is_delimiter_ = false; return after; }
        if (*after == dialect_.delimiter) { stop_is_delimiter_ = true; return after; }
        if (*after == '\r' && (after + 1 == end_ || after[1] == '\n')) { stop_is_delimiter_ = false; return after + 1; }
        // Text after the closing quote: the row is broken; resume at the next line.
        out_.malformed.push_back({out_.rows() - 1, std::string("unexpected text after a closing quote (expected '") +
                                                         dialect_.delimiter + "' or end of line)"});
        const char* nl = static_cast<const char*>(std::memchr(after, '\n', static_cast<size_t>(end_ - after)));
        stop_is_delimiter_ = false;
        return nl ? nl : end_;
    }

    // Closes the current row at `stop` (a newline or the end); returns where the next row starts.
    const char* finish_row(const char* stop) {
        out_.row_first_field.push_back(out_.field_ends.size());
        if (stop < end_) {
            ++line_;
            return stop + 1;
        }
        return end_;
    }

    const char* base_;
    const char* end_;
    CsvDialect dialect_;
    CsvScan& out_;
    bool stops_[256];
    bool stop_is_delimiter_ = false;
    int64_t line_ = 1;
};

}  // namespace

CsvScan scan_csv(std::string_view data, const CsvDialect& dialect) {
    CsvScan scan;
    scan.data = data;
    // Rows and fields estimated from the first MiB (with a margin), so the arrays are allocated and pre-faulted
    // once; an underestimate only means the vectors grow the usual way.
    const size_t sample = std::min<size_t>(data.size(), size_t(1) << 20);
    size_t newlines = 0, delimiters = 0;
    count_two(data.data(), data.data() + sample, '\n', dialect.delimiter, newlines, delimiters);
    const double scale = sample ? 1.05 * static_cast<double>(data.size()) / static_cast<double>(sample) : 0.0;
    newlines = static_cast<size_t>(static_cast<double>(newlines) * scale) + 16;
    delimiters = static_cast<size_t>(static_cast<double>(delimiters) * scale) + 16;
    reserve_prefaulted(scan.field_ends, newlines + delimiters + 2);
    reserve_prefaulted(scan.row_starts, newlines + 1);
    reserve_prefaulted(scan.row_lines, newlines + 1);
    reserve_prefaulted(scan.row_first_field, newlines + 2);
    Scanner(data, dialect, scan).run();
    return scan;
}

std::string_view unescape_field(const FieldView& field, char quote, std::string& scratch) {
    if (!field.escaped) return field.text;
    scratch.clear();
    const std::string_view t = field.text;
    for (size_t i = 0; i < t.size(); ++i) {
        scratch.push_back(t[i]);
        if (t[i] == quote && i + 1 < t.size() && t[i + 1] == quote) ++i;
    }
    return scratch;
}

}  // namespace persona::sources
