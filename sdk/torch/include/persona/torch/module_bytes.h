// Saving and loading a torch::nn::Module's parameters and buffers as bytes (for Model artifacts).
#pragma once
#include <cstdint>
#include <vector>

namespace torch::nn {
class Module;
}

namespace persona::torch_helper {

// The module's parameters and buffers in LibTorch's archive format.
std::vector<uint8_t> save_module(const torch::nn::Module& module);

// Loads parameters and buffers saved by save_module into a module of the same architecture;
// throws Error when a name or shape does not match.
void load_module(torch::nn::Module& module, const std::vector<uint8_t>& bytes);

}  // namespace persona::torch_helper
