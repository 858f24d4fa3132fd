// keep_work_memory() takes effect: after it, a block of a few MB (the size of a VAE
// step's temporaries at batch 256) comes from the heap, not from a fresh mmap() that is
// page-faulted in on every step. Until 2026-12-02 the function compiled to nothing (its
// glibc test came before any libc header) and no test noticed.
#define BOOST_TEST_MODULE ml_work_memory
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <cstring>

#include "ml/work_memory.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

BOOST_AUTO_TEST_CASE(a_few_megabytes_come_from_the_heap) {
#if defined(__GLIBC__)
  phaselearn::ml::keep_work_memory();
  const std::size_t before = mallinfo2().hblkhd;  // bytes in mmap()ed blocks
  // 8 MB: above glibc's default threshold (128 kB, raised only by the frees of earlier
  // mmap()ed blocks, of which this fresh process has none this large).
  void* block = std::malloc(8 << 20);
  BOOST_REQUIRE(block != nullptr);
  std::memset(block, 1, 8 << 20);
  const std::size_t during = mallinfo2().hblkhd;
  std::free(block);
  BOOST_TEST(during == before);
#else
  BOOST_TEST_MESSAGE("not glibc: nothing to check");
#endif
}
