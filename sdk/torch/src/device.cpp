// Device resolution, seeding and thread set-up.
#include "persona/torch/device.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/utils.h>

#include <algorithm>

#include "persona/error.h"

namespace persona::torch_helper {

c10::Device resolve_device(const std::string& requested, const std::string& step_id) {
    const bool cuda = torch::cuda::is_available();
    if (requested == "cpu") return c10::Device(c10::kCPU);
    if (requested == "auto") return cuda ? c10::Device(c10::kCUDA) : c10::Device(c10::kCPU);
    if (requested == "cuda") {
        if (!cuda)
            throw Error("step " + step_id +
                        ": device 'cuda' was asked for, but this LibTorch build has no CUDA support or no GPU is "
                        "visible; run with --device cpu or --device auto");
        return c10::Device(c10::kCUDA);
    }
    throw Error("step " + step_id + ": unknown device '" + requested + "' (expected auto, cpu or cuda)");
}

void seed_torch(uint64_t seed) {
    torch::manual_seed(seed);
    if (torch::cuda::is_available()) {
        // On a GPU only cuDNN is made deterministic: LibTorch's full deterministic mode would warn on every
        // embedding backward and needs CUBLAS_WORKSPACE_CONFIG set before start-up.
        torch::cuda::manual_seed_all(seed);
        at::globalContext().setDeterministicCuDNN(true);
        at::globalContext().setBenchmarkCuDNN(false);
    } else {
        // CPU: deterministic algorithms, warn-only so that an op without a deterministic CPU kernel cannot throw.
        at::globalContext().setDeterministicAlgorithms(true, /*warn_only=*/true);
    }
}

void use_threads(int threads) { at::set_num_threads(std::max(1, threads)); }

}  // namespace persona::torch_helper
