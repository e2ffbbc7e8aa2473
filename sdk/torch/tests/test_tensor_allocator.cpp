// ScopedTensorAllocator: CPU tensors from malloc, 64-byte aligned, usable after the scope ends, and the
// previous allocator back when it does.
#include <catch2/catch.hpp>

#include <torch/types.h>

#include <cstdint>

#include "persona/torch/cpu_runtime.h"

using namespace persona::torch_helper;

namespace {

bool aligned_64(const torch::Tensor& t) { return reinterpret_cast<uintptr_t>(t.data_ptr()) % 64 == 0; }

}  // namespace

TEST_CASE("the malloc tensor allocator gives aligned, working tensors within its scope") {
    torch::manual_seed(3);
    const torch::Tensor a = torch::randn({37, 19}), b = torch::randn({19, 23});
    const torch::Tensor expected = torch::mm(a, b);
    REQUIRE_FALSE(uses_malloc_tensor_allocator());

    torch::Tensor kept;
    {
        ScopedTensorAllocator scope(TensorAllocator::malloc);
        CHECK(uses_malloc_tensor_allocator());
        for (int64_t n : {1, 3, 17, 1000, 123457, 5000000}) {
            torch::Tensor t = torch::full({n}, 2.5f);
            CHECK(aligned_64(t));
            CHECK(t.sum().item<double>() == Approx(2.5 * static_cast<double>(n)));
        }
        CHECK(torch::empty({0}).numel() == 0);
        kept = torch::mm(a, b);
        CHECK(aligned_64(kept));
        {
            ScopedTensorAllocator inner(TensorAllocator::libtorch);
            CHECK_FALSE(uses_malloc_tensor_allocator());
        }
        CHECK(uses_malloc_tensor_allocator());
    }
    CHECK_FALSE(uses_malloc_tensor_allocator());
    CHECK(torch::equal(kept, expected));  // made by the malloc allocator, still valid; freed by it later
}
