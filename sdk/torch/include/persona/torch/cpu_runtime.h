// CPU runtime settings that decide LibTorch's training speed and memory on small tensors.
#pragma once
#include <cstdint>

namespace persona::torch_helper {

// (Freed memory is kept in the process by the kernel before any step runs: see kernel/src/step_context.cpp.)

// Sets the BLAS library's own thread count when it is OpenBLAS (no-op otherwise). OpenBLAS threads
// spin after each call and compete with LibTorch's OpenMP threads on small matrices; returns the
// previous count (0 when unknown).
int set_blas_threads(int threads);

// The process's resident memory in bytes (0 where /proc/self/statm cannot be read).
int64_t resident_bytes();

// Hands freed heap memory back to the OS (glibc's malloc_trim) whenever the process's resident memory
// has grown by more than a set amount since the last hand-back. Batches of varying shapes fragment the
// heap that the kernel keeps (a BSARec run grew by about 1 GB every 20 s without it); a hand-back costs
// only the page faults of the memory it returns. No-op off glibc or with a growth of 0.
class HeapReleaser {
public:
    explicit HeapReleaser(int64_t growth_bytes);
    // Reads the resident size and hands memory back when it has grown past the allowance; returns
    // whether it did. Cheap enough to call after every batch.
    bool check();
    // How many times check() handed memory back.
    int64_t releases() const { return releases_; }

private:
    int64_t growth_;
    int64_t baseline_;  // resident bytes after the last hand-back (or at construction)
    int64_t releases_ = 0;
};

}  // namespace persona::torch_helper
