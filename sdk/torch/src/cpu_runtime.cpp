// OpenBLAS thread control, found at run time (no link dependency), and heap hand-back.
#include "persona/torch/cpu_runtime.h"

#include <dlfcn.h>
#include <unistd.h>

#include <fstream>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

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

int64_t resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    int64_t size_pages = 0, resident_pages = 0;
    if (!(statm >> size_pages >> resident_pages)) return 0;
    return resident_pages * static_cast<int64_t>(sysconf(_SC_PAGESIZE));
}

HeapReleaser::HeapReleaser(int64_t growth_bytes) : growth_(growth_bytes), baseline_(resident_bytes()) {}

bool HeapReleaser::check() {
#if defined(__GLIBC__)
    if (growth_ <= 0) return false;
    const int64_t resident = resident_bytes();
    if (resident - baseline_ <= growth_) return false;
    malloc_trim(0);
    // Live memory stays resident: the new baseline keeps the next hand-back a full allowance away.
    baseline_ = resident_bytes();
    ++releases_;
    return true;
#else
    return false;
#endif
}

}  // namespace persona::torch_helper
