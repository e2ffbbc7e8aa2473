// OpenBLAS thread control, found at run time (no link dependency).
#include "persona/torch/cpu_runtime.h"

#include <dlfcn.h>

namespace persona::torch_helper {

int set_blas_threads(int threads) {
    using Setter = void (*)(int);
    using Getter = int (*)();
    auto set = reinterpret_cast<Setter>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
    auto get = reinterpret_cast<Getter>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
    const int previous = get ? get() : 0;
    if (set && threads > 0) set(threads);
    return previous;
}

}  // namespace persona::torch_helper
