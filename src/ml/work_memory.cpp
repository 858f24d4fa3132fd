#include "ml/work_memory.hpp"

// A libc header first: it defines __GLIBC__, which the test below needs. Without one the
// test was false and this function did nothing (until 2026-12-02 16:30; bench/README.md).
#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace phaselearn::ml {

void keep_work_memory() {
#if defined(__GLIBC__)
  // Blocks below 32 MB (glibc's largest mmap threshold) from the heap, not mmap(); the
  // heap's top returned to the kernel only beyond 256 MB free. The data shards, larger
  // and allocated once, are still mapped.
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
#endif
}

}  // namespace phaselearn::ml
