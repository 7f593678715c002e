// Counting the heap: this binary defines malloc, free and their relatives,
// which every allocation of the process reaches (operator new, ADOL-C's and
// Sacado's buffers, ad's tapes), and forwards them to glibc's allocator
// (__libc_malloc, ...). They add and subtract the usable size of each block
// only while a measurement runs, so the timed calls pay one test of a flag.
// Not thread-safe, as ad-bench is single-threaded.
#include "heap.hpp"

#include <ad/memory.hpp>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||                        \
    __has_feature(memory_sanitizer)
#define BENCH_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define BENCH_SANITIZED 1
#endif

#if defined(__GLIBC__) && !defined(BENCH_SANITIZED)
#define BENCH_COUNT_HEAP 1
#endif

#ifdef BENCH_COUNT_HEAP
#include <cerrno>
#include <malloc.h>

extern "C" {
void *__libc_malloc(std::size_t size);
void *__libc_calloc(std::size_t count, std::size_t size);
void *__libc_realloc(void *block, std::size_t size);
void *__libc_memalign(std::size_t alignment, std::size_t size);
void __libc_free(void *block);
}

namespace {
bool counting = false;
long long live = 0, peak = 0; // bytes since the measurement began

void added(void *block) {
  if (!block)
    return;
  live += static_cast<long long>(malloc_usable_size(block));
  if (live > peak)
    peak = live;
}
void removed(void *block) {
  if (block)
    live -= static_cast<long long>(malloc_usable_size(block));
}
} // namespace

extern "C" {
void *malloc(std::size_t size) noexcept {
  void *block = __libc_malloc(size);
  if (counting)
    added(block);
  return block;
}
void *calloc(std::size_t count, std::size_t size) noexcept {
  void *block = __libc_calloc(count, size);
  if (counting)
    added(block);
  return block;
}
void *realloc(void *block, std::size_t size) noexcept {
  if (!counting)
    return __libc_realloc(block, size);
  removed(block);
  void *moved = __libc_realloc(block, size);
  added(moved ? moved : size ? block : nullptr); // on failure block stays
  return moved;
}
void *memalign(std::size_t alignment, std::size_t size) noexcept {
  void *block = __libc_memalign(alignment, size);
  if (counting)
    added(block);
  return block;
}
void *aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
  return memalign(alignment, size);
}
int posix_memalign(void **out, std::size_t alignment, std::size_t size) noexcept {
  if (alignment % sizeof(void *) || (alignment & (alignment - 1)))
    return EINVAL;
  void *block = memalign(alignment, size);
  if (!block)
    return ENOMEM;
  *out = block;
  return 0;
}
void free(void *block) noexcept {
  if (counting)
    removed(block);
  __libc_free(block);
}
}
#endif

namespace bench {

bool heap_measurable() {
#ifdef BENCH_COUNT_HEAP
  return true;
#else
  return false;
#endif
}

std::size_t peak_heap(const std::function<void()> &call) {
  ad::release_tape_cache();
#ifdef BENCH_COUNT_HEAP
  live = peak = 0;
  counting = true;
  call();
  counting = false;
  return static_cast<std::size_t>(peak);
#else
  call();
  return 0;
#endif
}

} // namespace bench
