#include "item_similarity.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>
#include <utility>

namespace persona::models {

namespace {

constexpr int64_t kItemsPerChunk = 64;

// The neighbor lists one worker produced, and where each of its items' lists starts.
struct WorkerOutput {
    std::vector<int32_t> neighbors;
    std::vector<float> similarities;
};

// Where the list of one item was written: which worker, start and length in its output.
struct ListSlot {
    int32_t worker = 0;
    int32_t length = 0;
    int64_t start = 0;
};

// Reusable per-worker buffers: a dense accumulator row and the list of columns it touched.
struct RowBuffers {
    std::vector<float> dot;
    std::vector<int32_t> touched;
    std::vector<std::pair<float, int32_t>> candidates;
    explicit RowBuffers(int64_t items) : dot(items, 0.0f) {
        touched.reserve(items);
        candidates.reserve(items);
    }
};

std::vector<double> item_norms(const InteractionMatrix& m) {
    std::vector<double> norms(m.items(), 0.0);
    for (int64_t i = 0; i < m.items(); ++i) {
        double sum = 0.0;
        for (int64_t k = m.item_offsets[i]; k < m.item_offsets[i + 1]; ++k)
            sum += static_cast<double>(m.item_weights[k]) * m.item_weights[k];
        norms[i] = std::sqrt(sum);
    }
    return norms;
}

// Accumulates the dot products of item a with every co-occurring item into buf.dot / buf.touched.
void accumulate_dots(const InteractionMatrix& m, int64_t a, RowBuffers& buf) {
    buf.touched.clear();
    for (int64_t k = m.item_offsets[a]; k < m.item_offsets[a + 1]; ++k) {
        const int32_t u = m.item_users[k];
        const float wa = m.item_weights[k];
        for (int64_t j = m.user_offsets[u]; j < m.user_offsets[u + 1]; ++j) {
            const int32_t b = m.user_items[j];
            if (buf.dot[b] == 0.0f) buf.touched.push_back(b);
            buf.dot[b] += wa * m.user_weights[j];
        }
    }
}

// Orders candidates most similar first, ties by lower item index (deterministic lists).
struct MoreSimilar {
    bool operator()(const std::pair<float, int32_t>& x, const std::pair<float, int32_t>& y) const {
        return x.first > y.first || (x.first == y.first && x.second < y.second);
    }
};

// Turns the accumulated dots of item a into its top neighbors (clearing the accumulator) and appends them.
void keep_top_neighbors(int64_t a, const std::vector<double>& norms, const SimilarityOptions& opt, RowBuffers& buf,
                        WorkerOutput& out, ListSlot& slot) {
    buf.candidates.clear();
    for (int32_t b : buf.touched) {
        const double dot = buf.dot[b];
        buf.dot[b] = 0.0f;
        if (b == a) continue;
        const double sim = dot / (norms[a] * norms[b] + opt.shrink);
        if (sim > 0.0) buf.candidates.emplace_back(static_cast<float>(sim), b);
    }
    const size_t keep = std::min<size_t>(buf.candidates.size(), static_cast<size_t>(opt.neighbors));
    auto first = buf.candidates.begin(), last = buf.candidates.end();
    if (keep < buf.candidates.size()) std::nth_element(first, first + keep, last, MoreSimilar{});
    std::sort(first, first + keep, MoreSimilar{});
    slot.start = static_cast<int64_t>(out.neighbors.size());
    slot.length = static_cast<int32_t>(keep);
    for (size_t k = 0; k < keep; ++k) {
        out.neighbors.push_back(buf.candidates[k].second);
        out.similarities.push_back(buf.candidates[k].first);
    }
}

// Copies the per-worker lists into one CSR in item order.
void gather_lists(const std::vector<WorkerOutput>& outputs, const std::vector<ListSlot>& slots, ItemKnnModel& model) {
    const size_t items = slots.size();
    model.offsets.assign(items + 1, 0);
    for (size_t i = 0; i < items; ++i) model.offsets[i + 1] = model.offsets[i] + slots[i].length;
    model.neighbors.resize(model.offsets.back());
    model.similarities.resize(model.offsets.back());
    for (size_t i = 0; i < items; ++i) {
        const WorkerOutput& out = outputs[slots[i].worker];
        std::copy_n(out.neighbors.begin() + slots[i].start, slots[i].length, model.neighbors.begin() + model.offsets[i]);
        std::copy_n(out.similarities.begin() + slots[i].start, slots[i].length,
                    model.similarities.begin() + model.offsets[i]);
    }
}

}  // namespace

ItemKnnModel compute_item_neighbors(const InteractionMatrix& m, const SimilarityOptions& opt, Context& ctx) {
    const int64_t items = m.items();
    const std::vector<double> norms = item_norms(m);
    const int workers = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(opt.threads, items / kItemsPerChunk + 1)));
    std::vector<WorkerOutput> outputs(workers);
    std::vector<ListSlot> slots(items);
    std::atomic<int64_t> next_chunk{0};
    std::atomic<bool> stop{false};

    auto work = [&](int worker) {
        RowBuffers buf(items);
        int64_t reported = 0;
        for (;;) {
            const int64_t begin = next_chunk.fetch_add(kItemsPerChunk);
            if (begin >= items || stop.load(std::memory_order_relaxed)) break;
            const int64_t end = std::min(items, begin + kItemsPerChunk);
            for (int64_t a = begin; a < end; ++a) {
                accumulate_dots(m, a, buf);
                slots[a].worker = worker;
                keep_top_neighbors(a, norms, opt, buf, outputs[worker], slots[a]);
            }
            if (worker == 0 && begin - reported >= items / 50) {  // only the calling thread talks to ctx
                reported = begin;
                if (ctx.cancelled()) stop = true;
                ctx.progress(static_cast<double>(begin) / items, "item " + std::to_string(begin) + "/" +
                                                                     std::to_string(items));
            }
        }
    };
    std::vector<std::thread> pool;
    for (int w = 1; w < workers; ++w) pool.emplace_back(work, w);
    work(0);
    for (auto& t : pool) t.join();
    ctx.check_cancelled();

    ItemKnnModel model;
    model.item_ids = m.item_ids;
    gather_lists(outputs, slots, model);
    return model;
}

}  // namespace persona::models
