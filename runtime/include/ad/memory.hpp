// Heap memory of tapes and logs: the blocks they grow in, a per-thread cache
// of released blocks, and the statistics tests and benchmarks read.
//
// Generated pullbacks of small helpers own tapes that are created, filled
// with a few values and destroyed thousands of times per gradient. Taking
// their blocks from malloc and giving them back to free at every call cost
// real code (ADBench's GMM, LSTM, ODE) 30-40% of its time, so a released
// block goes to a cache of this thread, and the next tape of this thread
// that needs a block of that size takes it from there.
//
// The cache policy:
// - blocks are powers of two from 256 bytes; a tape asks for the class that
//   holds what it needs;
// - at most kSlots (8) blocks per class, only blocks of at most
//   kMaxCachedBlock (8 MiB), at most kMaxCachedBytes (32 MiB) in all: a
//   block that does not fit goes back to the system. A tape that grew huge
//   (W3-sized) thus gives its memory back when it goes; growing a tape past
//   kReallocFrom (1 MiB) uses realloc, which can extend the block or move
//   its pages instead of copying (W7's two 8 MB tapes cost 6% more time
//   when their growth copied through cached blocks); but a tape growing
//   past kJumpFrom (64 KiB) first takes the largest block in the cache,
//   copying what it holds once: the big tapes of the previous gradient
//   come back whole instead of regrowing through fresh pages (W6 2.44 ->
//   2.26, W4 2.61 -> 2.53 times the hand-written adjoint). Blocks of
//   megabytes are cached too because freeing them returns their pages to
//   the system (glibc unmaps or trims them), and faulting fresh pages in
//   again at every gradient made W6 (4 tapes of 1-4 MiB) 3.6 times slower
//   than reusing them (6.1 against 1.7 ms per gradient);
// - per thread (thread_local), so there is no lock and no state shared
//   between threads; a block released on another thread than the one that
//   took it goes to the releasing thread's cache (malloc'd memory may be
//   freed anywhere). The cache is emptied when its thread ends, and by
//   release_tape_cache().
#pragma once

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

// The slow paths of tapes are kept out of line (AD_NOINLINE), and a tape's
// destructor is always inlined (AD_ALWAYS_INLINE, also where an exception
// would run it): then no call receives the tape's address, and the
// compiler keeps its position in a register across the calls in a loop
// instead of storing it at every push.
#if defined(__GNUC__) || defined(__clang__)
#define AD_NOINLINE __attribute__((noinline))
#define AD_ALWAYS_INLINE __attribute__((always_inline))
#elif defined(_MSC_VER)
#define AD_NOINLINE __declspec(noinline)
#define AD_ALWAYS_INLINE __forceinline
#else
#define AD_NOINLINE
#define AD_ALWAYS_INLINE
#endif

namespace ad {

// Tape memory of this thread, for tests and benchmarks (generated code never
// reads it). `allocations` counts blocks taken from the system (malloc and
// realloc calls of tapes and logs, and vectors allocated to hand back a
// saved vector); `reuses` blocks taken from the cache instead. `bytes` is
// what live tapes, object tapes and logs hold now: their blocks, plus the
// heap storage of the vectors an object tape holds; `peak_bytes` the most
// they held at once. Free blocks in the cache are not counted (they are
// tape_cache_bytes()): bytes is what the gradients in progress use.
//
// A tape counts its bytes on the thread where it grows and gives them back
// on the thread where it is destroyed; generated tapes are locals, so the
// two are the same. Assigning {} resets the counters; bytes never goes
// below zero.
struct TapeStatistics {
  std::size_t allocations = 0;
  std::size_t reuses = 0;
  std::size_t bytes = 0;
  std::size_t peak_bytes = 0;
};

inline TapeStatistics &tape_statistics() {
  static thread_local TapeStatistics statistics;
  return statistics;
}

namespace detail {

inline void add_tape_bytes(std::size_t bytes) {
  TapeStatistics &stats = tape_statistics();
  stats.bytes += bytes;
  if (stats.bytes > stats.peak_bytes)
    stats.peak_bytes = stats.bytes;
}
inline void remove_tape_bytes(std::size_t bytes) {
  TapeStatistics &stats = tape_statistics();
  stats.bytes = stats.bytes > bytes ? stats.bytes - bytes : 0;
}

constexpr unsigned kMinClassLog = 8;  // 256 bytes
constexpr unsigned kMaxClassLog = 23; // 8 MiB
constexpr std::size_t kMaxCachedBlock = std::size_t(1) << kMaxClassLog;
constexpr unsigned kClasses = kMaxClassLog - kMinClassLog + 1;
constexpr unsigned kSlots = 8;
constexpr std::size_t kMaxCachedBytes = std::size_t(32) << 20; // 32 MiB
// Growing a tape past this takes realloc, which may extend the block in
// place or move its pages, where taking a cached block means copying.
constexpr std::size_t kReallocFrom = std::size_t(1) << 20; // 1 MiB
// A tape growing to this takes the largest block in the cache instead.
constexpr std::size_t kJumpFrom = std::size_t(64) << 10; // 64 KiB

// The size of the block that holds `bytes`: the next power of two, at least
// 256.
// (With the compiler's count of leading zeros where it has one: a
// pullback's tapes take and give back a block at every call.)
inline unsigned ceil_log2(std::size_t n) { // n >= 2
#if defined(__GNUC__) || defined(__clang__)
  return unsigned(8 * sizeof(unsigned long long)) - unsigned(__builtin_clzll((unsigned long long)(n - 1)));
#else
  unsigned log = 0;
  while ((std::size_t(1) << log) < n)
    ++log;
  return log;
#endif
}
inline std::size_t block_size(std::size_t bytes) {
  if (bytes <= (std::size_t(1) << kMinClassLog))
    return std::size_t(1) << kMinClassLog;
  if (bytes > ~std::size_t(0) / 2 + 1)
    throw std::bad_alloc();
  return std::size_t(1) << ceil_log2(bytes);
}
inline unsigned class_of(std::size_t block) { // block: a cached size
  return ceil_log2(block) - kMinClassLog;
}

// Plain data only, so that it needs no constructor and no destructor: it
// can be reached without a guard, and a tape destroyed after the thread's
// destructors ran (a static tape at exit) finds it closed, not destroyed.
struct BlockCache {
  void *slots[kClasses][kSlots];
  unsigned char count[kClasses];
  std::size_t bytes;
  bool armed;  // the reaper below is registered
  bool closed; // the thread is ending: no more caching
};
inline BlockCache &block_cache() {
  static thread_local BlockCache cache; // zero-initialized
  return cache;
}
inline void empty_cache(BlockCache &cache) {
  for (unsigned k = 0; k < kClasses; ++k) {
    while (cache.count[k])
      std::free(cache.slots[k][--cache.count[k]]);
  }
  cache.bytes = 0;
}
// Gives the cached blocks back when the thread ends.
struct CacheReaper {
  ~CacheReaper() {
    BlockCache &cache = block_cache();
    empty_cache(cache);
    cache.closed = true;
  }
};

// Takes a block of class k out of the cache (which holds one).
inline void *take_cached(BlockCache &cache, unsigned k) {
  cache.bytes -= std::size_t(1) << (k + kMinClassLog);
  ++tape_statistics().reuses;
  return cache.slots[k][--cache.count[k]];
}

// A free block of `size` bytes (block_size) from the cache, or null.
inline void *cached_block(std::size_t size) {
  if (size > kMaxCachedBlock)
    return nullptr;
  BlockCache &cache = block_cache();
  unsigned k = class_of(size);
  return cache.count[k] ? take_cached(cache, k) : nullptr;
}

// The largest cached block of at least `size` bytes (a block_size), its
// size in `size`; null if none.
inline void *largest_cached_block(std::size_t &size) {
  BlockCache &cache = block_cache();
  for (unsigned k = kClasses; k-- > 0;) {
    std::size_t block = std::size_t(1) << (k + kMinClassLog);
    if (block < size)
      break;
    if (cache.count[k]) {
      size = block;
      return take_cached(cache, k);
    }
  }
  return nullptr;
}

// A block of `size` bytes (a block_size) for a tape: from the cache if it
// has one, else from the system.
inline void *new_block(std::size_t size) {
  void *block = cached_block(size);
  if (!block) {
    block = std::malloc(size);
    if (!block)
      throw std::bad_alloc();
    ++tape_statistics().allocations;
  }
  return block;
}

// Gives back a block that a tape took: to the cache if it fits, else to the
// system. `bytes`: what it holds (rounded up to its block_size here).
AD_NOINLINE inline void release_block(void *block, std::size_t bytes) noexcept {
  std::size_t size = block_size(bytes);
  remove_tape_bytes(size);
  BlockCache &cache = block_cache();
  if (size <= kMaxCachedBlock && !cache.closed && cache.bytes + size <= kMaxCachedBytes) {
    unsigned k = class_of(size);
    if (cache.count[k] < kSlots) {
      if (!cache.armed) {
        cache.armed = true;
        static thread_local CacheReaper reaper; // registered here, once
        (void)reaper;
      }
      cache.slots[k][cache.count[k]++] = block;
      cache.bytes += size;
      return;
    }
  }
  std::free(block);
}

// A block of at least `wanted` bytes, and at least twice `block`'s size,
// holding the first `used` bytes of `block` (null at first), which it
// replaces; `bytes`: what `block` holds (rounded up to its block_size
// here), then the new block's size. The tape bytes change by the
// difference of the sizes (the moment both blocks exist, during the copy,
// is not counted).
AD_NOINLINE inline void *grow_block(void *block, std::size_t used, std::size_t &bytes,
                                    std::size_t wanted) {
  std::size_t size = block ? block_size(bytes) : 0;
  std::size_t grown = block_size(wanted > 2 * size ? wanted : 2 * size);
  void *into;
  std::size_t largest = grown;
  if (grown >= kJumpFrom && (into = largest_cached_block(largest))) {
    // The largest block that an earlier gradient left in the cache, taken
    // at once: a tape that grew to megabytes then grows by copying what
    // it holds once, not through fresh pages at each doubling.
    if (block) {
      std::memcpy(into, block, used);
      release_block(block, size);
    }
    add_tape_bytes(largest);
    bytes = largest;
    return into;
  }
  if (grown > kReallocFrom && block) {
    into = std::realloc(block, grown); // may move pages instead of copying
    if (!into)
      throw std::bad_alloc();
    ++tape_statistics().allocations;
    add_tape_bytes(grown - size);
  } else {
    into = new_block(grown);
    if (block) {
      std::memcpy(into, block, used);
      release_block(block, size);
    }
    add_tape_bytes(grown);
  }
  bytes = grown;
  return into;
}

// grow_block for a tape that may start in a stack buffer (not null): out
// of it, a block of at least `wanted` bytes and twice the buffer's `bytes`
// gets the `used` bytes, and the buffer is not given back.
AD_NOINLINE inline void *grow_tape(void *block, std::size_t used, std::size_t &bytes,
                                   std::size_t wanted, const void *buffer) {
  if (!block || block != buffer)
    return grow_block(block, used, bytes, wanted);
  std::size_t size = 0;
  void *into = grow_block(nullptr, 0, size, wanted > 2 * bytes ? wanted : 2 * bytes);
  std::memcpy(into, buffer, used);
  bytes = size;
  return into;
}

} // namespace detail

// Bytes of free blocks this thread keeps for its next tapes.
inline std::size_t tape_cache_bytes() { return detail::block_cache().bytes; }

// Gives this thread's free tape blocks back to the system (after a gradient
// that will not be computed again soon, before measuring memory).
inline void release_tape_cache() { detail::empty_cache(detail::block_cache()); }

namespace detail {

// A stack of bytes in a cached block: what RedoLog and UndoLog keep.
class ByteStack {
 public:
  ByteStack() = default;
  ByteStack(const ByteStack &) = delete;
  ByteStack &operator=(const ByteStack &) = delete;
  AD_ALWAYS_INLINE ~ByteStack() {
    if (data_)
      release_block(data_, capacity_);
  }
  // n more bytes on top, uninitialized.
  unsigned char *append(std::size_t n) {
    if (capacity_ - size_ < n) {
      std::size_t capacity = capacity_; // a local: the stack does not escape
      data_ = static_cast<unsigned char *>(grow_block(data_, size_, capacity, size_ + n));
      capacity_ = capacity;
    }
    size_ += n;
    return data_ + size_ - n;
  }
  void truncate(std::size_t size) { size_ = size; }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  unsigned char *data() const { return data_; }

 private:
  unsigned char *data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// Heap bytes owned by a value: a std::vector's storage and its elements'
// (ad/vector.hpp specializes heap_bytes_of for vectors). Other classes
// count nothing: the runtime cannot see what they own.
template <typename T>
struct heap_bytes_of {
  static std::size_t of(const T &) { return 0; }
};
template <typename T>
std::size_t heap_bytes(const T &value) {
  return heap_bytes_of<T>::of(value);
}

// What a saved container's storage is worth once it is put back
// (restore_in_place, RedoLog::restore): ad/vector.hpp pools the storage
// of vectors of plain values; other values are simply dropped.
template <typename V, typename = void>
struct recycler {
  static void give(V &) {}
};
template <typename V>
void recycle(V &&v) {
  recycler<std::remove_cv_t<std::remove_reference_t<V>>>::give(v);
}

} // namespace detail
} // namespace ad
