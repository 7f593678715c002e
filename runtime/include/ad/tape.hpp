// The tape: a last-in-first-out store that a generated reverse sweep uses to
// get back values the forward sweep overwrote and the branches it took.
//
// Each f_grad call owns its tapes (plain locals), so gradients are reentrant
// and thread-safe. Storage is one contiguous block that doubles when full:
// a push is a compare and a store, and no element is allocated on its own.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>

namespace ad {

// Tape memory of this thread, for tests and benchmarks (generated code never
// reads it): how many times tapes allocated, the bytes they hold now, and the
// most they held at once.
struct TapeStatistics {
  std::size_t allocations = 0;
  std::size_t bytes = 0;
  std::size_t peak_bytes = 0;
};

inline TapeStatistics &tape_statistics() {
  static thread_local TapeStatistics statistics;
  return statistics;
}

// InlineCapacity > 0 keeps the first elements in the object itself (on the
// stack): generated code asks for that when it knows how much a call can
// store at most, and then never allocates.
template <typename T, std::size_t InlineCapacity = 0>
class Tape {
  static_assert(std::is_trivially_copyable<T>::value, "a tape stores plain numbers");

 public:
  Tape() = default;
  Tape(const Tape&) = delete;
  Tape& operator=(const Tape&) = delete;
  ~Tape() {
    if (data_ != inline_data()) {
      std::free(data_);
      tape_statistics().bytes -= capacity_ * sizeof(T);
    }
  }

  void push(T value) {
    if (size_ == capacity_) grow();
    data_[size_++] = value;
  }

  // Removes and returns the most recently pushed value.
  T pop() { return data_[--size_]; }

  const T& back() const { return data_[size_ - 1]; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // Heap bytes reserved at the largest size this tape reached: what the
  // gradient costs in extra memory beyond its stack frame.
  std::size_t peak_bytes() const { return data_ == inline_data() ? 0 : capacity_ * sizeof(T); }

 private:
  T* inline_data() { return InlineCapacity ? inline_ : nullptr; }
  const T* inline_data() const { return InlineCapacity ? inline_ : nullptr; }

  void grow() {
    std::size_t capacity = capacity_ ? 2 * capacity_ : kInitialCapacity;
    bool on_heap = data_ && data_ != inline_data();
    void* grown = on_heap ? std::realloc(data_, capacity * sizeof(T))
                          : std::malloc(capacity * sizeof(T));
    if (!grown) throw std::bad_alloc();
    if (!on_heap && size_) std::memcpy(grown, data_, size_ * sizeof(T));
    TapeStatistics& stats = tape_statistics();
    ++stats.allocations;
    stats.bytes += (capacity - (on_heap ? capacity_ : 0)) * sizeof(T);
    if (stats.bytes > stats.peak_bytes) stats.peak_bytes = stats.bytes;
    data_ = static_cast<T*>(grown);
    capacity_ = capacity;
  }

  static constexpr std::size_t kInitialCapacity = 256;

  T inline_[InlineCapacity ? InlineCapacity : 1];
  T* data_ = inline_data();
  std::size_t size_ = 0;
  std::size_t capacity_ = InlineCapacity;
};

}  // namespace ad

namespace ad {

// Saving and restoring a whole array (any rank) that a called function may
// overwrite: elements are pushed in order and popped in reverse order.
template <typename T, std::size_t C>
void push_all(Tape<T, C> &tape, const T &value) {
  tape.push(value);
}
template <typename T, std::size_t C, typename U, std::size_t N>
void push_all(Tape<T, C> &tape, const U (&array)[N]) {
  for (const U &element : array)
    push_all(tape, element);
}
template <typename T, std::size_t C>
void pop_all(Tape<T, C> &tape, T &value) {
  value = tape.pop();
}
template <typename T, std::size_t C, typename U, std::size_t N>
void pop_all(Tape<T, C> &tape, U (&array)[N]) {
  for (std::size_t i = N; i-- > 0;)
    pop_all(tape, array[i]);
}

}  // namespace ad
