// HeapReleaser: freed heap memory that malloc keeps goes back to the OS once resident memory has grown
// past the allowance, and not before.
#include <catch2/catch.hpp>

#include <malloc.h>

#include <cstring>
#include <vector>

#include "persona/torch/cpu_runtime.h"

using namespace persona::torch_helper;

namespace {

constexpr int64_t kMiB = 1024 * 1024;

// Allocates `total` bytes in 1 MiB blocks (below the mmap threshold: they come from the heap), touches
// every page, and frees them all: malloc keeps them as the kernel's settings ask.
void churn_heap(int64_t total) {
    std::vector<char*> blocks;
    for (int64_t done = 0; done < total; done += kMiB) {
        blocks.push_back(static_cast<char*>(std::malloc(kMiB)));
        std::memset(blocks.back(), 1, kMiB);
    }
    for (char* block : blocks) std::free(block);
}

}  // namespace

TEST_CASE("freed heap memory goes back to the OS only past the allowance") {
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);  // as the kernel sets them (kernel/src/step_context.cpp)
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    REQUIRE(resident_bytes() > 0);

    HeapReleaser never(0);
    HeapReleaser generous(4096 * kMiB);
    HeapReleaser tight(128 * kMiB);
    churn_heap(400 * kMiB);
    const int64_t kept = resident_bytes();
    CHECK_FALSE(never.check());
    CHECK_FALSE(generous.check());
    CHECK(resident_bytes() >= kept - 8 * kMiB);  // nothing handed back yet

    CHECK(tight.check());
    CHECK(tight.releases() == 1);
    CHECK(resident_bytes() < kept - 300 * kMiB);
    CHECK_FALSE(tight.check());  // the baseline moved to the new resident size
    CHECK(never.releases() == 0);
}
