// bench_sequence_scoring: where a sequence model's full-ranking scoring time goes on Amazon Beauty.
// For each architecture (untrained weights: the work does not depend on their values), times encoding
// every user's last hidden state in chunks of several sizes, and the [users, dim] x [dim, items] product.
// Usage: bench_sequence_scoring [path/to/Beauty.txt] [threads]
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include "bsarec_encoder.h"
#include "caser_encoder.h"
#include "gru4rec_encoder.h"
#include "history_encoding.h"
#include "hstu_encoder.h"
#include "sasrec_encoder.h"

using namespace persona::sequential;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Each line: user id, then the user's item ids (1..N) in time order; the test input drops nothing.
std::vector<std::vector<int64_t>> read_sequences(const std::string& path, int64_t& items) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::vector<std::vector<int64_t>> sequences;
    std::string line;
    items = 0;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        int64_t user = 0, item = 0;
        fields >> user;
        sequences.emplace_back();
        while (fields >> item) {
            sequences.back().push_back(item);
            items = std::max(items, item);
        }
    }
    return sequences;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string path = argc > 1 ? argv[1] : "../shared/data/amazon-beauty/Beauty.txt";
    const int threads = argc > 2 ? std::stoi(argv[2]) : 2;
    at::set_num_threads(threads);
    torch::manual_seed(1);
    int64_t items = 0;
    const auto sequences = read_sequences(path, items);
    std::vector<HistoryView> views;
    for (const auto& s : sequences) views.push_back(HistoryView{s.data(), nullptr, nullptr, static_cast<int64_t>(s.size())});
    EncoderShape shape;
    shape.items = items + 1;
    shape.dim = 64;
    shape.max_len = 50;
    shape.dropout = 0.5;
    HistoryFormat format;
    format.max_len = shape.max_len;

    std::vector<std::pair<std::string, std::shared_ptr<SequenceEncoder>>> models = {
        {"sasrec", std::make_shared<SasrecEncoder>(shape, SasrecOptions{})},
        {"bsarec", std::make_shared<BsarecEncoder>(shape, BsarecOptions{})},
        {"hstu", std::make_shared<HstuEncoder>(shape, HstuOptions{})},
        {"caser", std::make_shared<CaserEncoder>(shape, CaserOptions{})},
        {"gru4rec", std::make_shared<Gru4RecEncoder>(shape, Gru4RecOptions{})},
    };
    std::printf("%zu users x %ld items, dim %ld, %d threads\n\n", views.size(), static_cast<long>(items),
                static_cast<long>(shape.dim), threads);
    const std::vector<int64_t> chunks = {64, 128, 256, 512, 2048};
    std::printf("%-8s", "model");
    for (int64_t c : chunks) std::printf(" %9s%-4ld", "encode/", static_cast<long>(c));
    std::printf(" %12s\n", "product");
    torch::NoGradGuard no_grad;
    for (auto& [name, encoder] : models) {
        encoder->eval();
        last_hidden(*encoder, std::vector<HistoryView>(views.begin(), views.begin() + 512), format, torch::kCPU);
        std::printf("%-8s", name.c_str());
        torch::Tensor hidden;
        for (int64_t c : chunks) {
            const auto start = std::chrono::steady_clock::now();
            hidden = last_hidden(*encoder, views, format, torch::kCPU, c);
            std::printf(" %12.3fs", seconds_since(start));
        }
        const torch::Tensor matrix = encoder->item_embeddings().slice(0, 1).t().contiguous();
        torch::Tensor out = torch::empty({256, items});
        const auto start = std::chrono::steady_clock::now();
        for (int64_t begin = 0; begin < hidden.size(0); begin += 256) {
            const int64_t rows = std::min<int64_t>(256, hidden.size(0) - begin);
            auto part = out.narrow(0, 0, rows);
            torch::mm_out(part, hidden.narrow(0, begin, rows), matrix);
        }
        const double product = seconds_since(start);
        std::printf(" %11.3fs\n", product);
    }
    return 0;
}
