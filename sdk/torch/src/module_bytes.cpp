// Module parameters and buffers to and from bytes through LibTorch's archive format.
#include "persona/torch/module_bytes.h"

#include <torch/nn/module.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <sstream>

#include "persona/error.h"

namespace persona::torch_helper {

std::vector<uint8_t> save_module(const torch::nn::Module& module) {
    torch::serialize::OutputArchive archive;
    module.save(archive);
    std::ostringstream out;
    archive.save_to(out);
    const std::string bytes = out.str();
    return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

void load_module(torch::nn::Module& module, const std::vector<uint8_t>& bytes) {
    try {
        std::istringstream in(std::string(bytes.begin(), bytes.end()));
        torch::serialize::InputArchive archive;
        archive.load_from(in);
        std::vector<std::pair<std::string, std::vector<int64_t>>> shapes;
        for (const auto& item : module.named_parameters()) shapes.emplace_back(item.key(), item.value().sizes().vec());
        module.load(archive);
        size_t i = 0;
        for (const auto& item : module.named_parameters()) {
            const auto& expected = shapes.at(i++).second;
            if (item.value().sizes().vec() != expected)
                throw Error("loading model weights: parameter '" + item.key() + "' has shape " +
                            c10::str(item.value().sizes()) + " in the saved model but " + c10::str(c10::IntArrayRef(expected)) +
                            " in the model built from its metadata");
        }
    } catch (const c10::Error& e) {
        throw Error("loading model weights: " + std::string(e.what_without_backtrace()));
    }
}

}  // namespace persona::torch_helper
