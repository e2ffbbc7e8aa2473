// CPU runtime settings that decide LibTorch's training speed on small tensors.
#pragma once

namespace persona::torch_helper {

// (Freed memory is kept in the process by the kernel before any step runs: see kernel/src/step_context.cpp.)

// Sets the BLAS library's own thread count when it is OpenBLAS (no-op otherwise). OpenBLAS threads
// spin after each call and compete with LibTorch's OpenMP threads on small matrices; returns the
// previous count (0 when unknown).
int set_blas_threads(int threads);

}  // namespace persona::torch_helper
