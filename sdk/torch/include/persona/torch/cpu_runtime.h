// CPU runtime settings that decide LibTorch's training speed and memory on small tensors.
#pragma once

namespace c10 {
struct Allocator;
}

namespace persona::torch_helper {

// (Freed memory is kept in the process by the kernel before any step runs: see kernel/src/step_context.cpp.)

// Sets the BLAS library's own thread count when it is OpenBLAS (no-op otherwise). OpenBLAS threads
// spin after each call and compete with LibTorch's OpenMP threads on small matrices; returns the
// previous count (0 when unknown).
int set_blas_threads(int threads);

// Where LibTorch's new CPU tensors get their memory.
enum class TensorAllocator {
    malloc,    // plain malloc, the data aligned to 64 bytes by hand inside the block
    libtorch,  // LibTorch's default: posix_memalign(64)
};

// Sets the allocator of new CPU tensors, process-wide, for its lifetime and then restores the previous
// one (a tensor keeps the allocator that made it). Debian 12's glibc (2.36) hardly reuses
// freed chunks for memalign requests: with LibTorch's default, a BSARec training loop, whose batches
// vary in shape, grew its heap by about 1 GB every 20 s. Scoped because the malloc allocator lives in
// the plugin that uses it, which the kernel may unload.
class ScopedTensorAllocator {
public:
    explicit ScopedTensorAllocator(TensorAllocator allocator);
    ~ScopedTensorAllocator();
    ScopedTensorAllocator(const ScopedTensorAllocator&) = delete;
    ScopedTensorAllocator& operator=(const ScopedTensorAllocator&) = delete;

private:
    c10::Allocator* previous_;
};

// Whether new CPU tensors come from the malloc allocator.
bool uses_malloc_tensor_allocator();

}  // namespace persona::torch_helper
