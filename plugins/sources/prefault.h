// Pre-faulting of large buffers: one system call instead of one page fault per 4 KiB page, which is much
// cheaper where page faults are slow (virtual machines). Harmless where the kernel lacks the feature.
#pragma once
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace persona::sources {

// Asks the kernel to back [data, data + bytes) with writable pages now (MADV_POPULATE_WRITE, Linux 5.14+).
inline void prefault(const void* data, size_t bytes) {
    constexpr size_t kMinBytes = size_t(1) << 20;  // small buffers are not worth a system call
    if (bytes < kMinBytes) return;
    const uintptr_t page = 4096;
    const uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + page - 1) & ~(page - 1);
    const uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(page - 1);
#ifdef MADV_POPULATE_WRITE
    if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
#else
    if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, 23);
#endif
}

// Reserves room for `n` values and pre-faults it.
template <class T> void reserve_prefaulted(std::vector<T>& values, size_t n) {
    values.reserve(n);
    prefault(values.data(), n * sizeof(T));
}

// Resizes a fresh vector to `n` values, pre-faulting its memory first.
template <class T> void resize_prefaulted(std::vector<T>& values, size_t n) {
    reserve_prefaulted(values, n);
    values.resize(n);
}

}  // namespace persona::sources
