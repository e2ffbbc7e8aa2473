// OpenBLAS thread control, found at run time (no link dependency), and the CPU tensor allocator.
#include "persona/torch/cpu_runtime.h"

#include <dlfcn.h>

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>
#include <c10/core/alignment.h>

#include <cstdint>
#include <cstdlib>
#include <new>

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

namespace {

// CPU tensor memory from malloc: the block holds the data at the first 64-byte boundary past one
// pointer, and that pointer (just before the data) is malloc's address, which release() frees.
class MallocTensorAllocator final : public c10::Allocator {
public:
    c10::DataPtr allocate(size_t bytes) const override {
        const c10::Device cpu(c10::DeviceType::CPU);
        if (bytes == 0) return {nullptr, nullptr, &release, cpu};
        void* block = std::malloc(bytes + c10::gAlignment + sizeof(void*));
        if (block == nullptr) throw std::bad_alloc();
        const auto first = reinterpret_cast<uintptr_t>(block) + sizeof(void*);
        void* data = reinterpret_cast<void*>((first + c10::gAlignment - 1) & ~(uintptr_t{c10::gAlignment} - 1));
        static_cast<void**>(data)[-1] = block;
        return {data, data, &release, cpu};
    }
    c10::DeleterFnPtr raw_deleter() const override { return &release; }

private:
    static void release(void* data) {
        if (data != nullptr) std::free(static_cast<void**>(data)[-1]);
    }
};

MallocTensorAllocator& malloc_allocator() {
    static MallocTensorAllocator allocator;
    return allocator;
}

}  // namespace

// Priority 1 outranks LibTorch's own registration (0), so each setting can replace the one before.
constexpr uint8_t kAllocatorPriority = 1;

ScopedTensorAllocator::ScopedTensorAllocator(TensorAllocator allocator) : previous_(c10::GetCPUAllocator()) {
    c10::SetCPUAllocator(allocator == TensorAllocator::malloc ? &malloc_allocator() : c10::GetDefaultCPUAllocator(),
                         kAllocatorPriority);
}

ScopedTensorAllocator::~ScopedTensorAllocator() { c10::SetCPUAllocator(previous_, kAllocatorPriority); }

bool uses_malloc_tensor_allocator() { return c10::GetCPUAllocator() == &malloc_allocator(); }

}  // namespace persona::torch_helper
