// Device, seeding and thread set-up for LibTorch model steps.
#pragma once
#include <cstdint>
#include <string>

#include <c10/core/Device.h>

namespace persona::torch_helper {

// The OperatorSpec::exclusive name of LibTorch model steps: LibTorch's random generator and
// thread count are process-wide, so two training steps side by side would not be reproducible.
inline const char* const kExclusiveResource = "libtorch";

// Maps the step's device ("auto", "cpu", "cuda") to a torch device. "auto" picks CUDA when the
// LibTorch build has it and a GPU is visible; "cuda" without one throws Error naming the step.
c10::Device resolve_device(const std::string& requested, const std::string& step_id);

// Seeds LibTorch's generators (CPU and CUDA) and asks for deterministic algorithms.
void seed_torch(uint64_t seed);

// Sets LibTorch's intra-op thread count (at least 1).
void use_threads(int threads);

}  // namespace persona::torch_helper
