// CPU runtime settings that decide LibTorch's training speed on small tensors.
#pragma once

namespace persona::torch_helper {

// Keeps freed tensor memory in the process (glibc malloc: no mmap/munmap per tensor below 32 MiB,
// no trimming), so training steps stop paying page faults on every fresh allocation. About 2x on
// SASRec-sized batches. Process-wide and idempotent.
void keep_tensor_memory();

// Sets the BLAS library's own thread count when it is OpenBLAS (no-op otherwise). OpenBLAS threads
// spin after each call and compete with LibTorch's OpenMP threads on small matrices; returns the
// previous count (0 when unknown).
int set_blas_threads(int threads);

}  // namespace persona::torch_helper
