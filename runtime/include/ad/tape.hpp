// The tape: a last-in-first-out store that a generated reverse sweep uses to
// get back values the forward sweep overwrote and the branches it took.
//
// Each f_grad call owns its tapes (plain locals), so gradients are reentrant
// and thread-safe. Storage is one contiguous block that doubles when full:
// a push is a compare and a store, and no element is allocated on its own.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

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

// A tape whose size is known only at run time: one heap block that doubles
// when full.
template <typename T>
class Tape {
  static_assert(std::is_trivially_copyable<T>::value, "a tape stores plain numbers");

 public:
  Tape() = default;
  Tape(const Tape&) = delete;
  Tape& operator=(const Tape&) = delete;
  ~Tape() {
    if (data_) {
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
  std::size_t peak_bytes() const { return capacity_ * sizeof(T); }

 private:
  void grow() {
    std::size_t capacity = capacity_ ? 2 * capacity_ : kInitialCapacity;
    void* grown = std::realloc(data_, capacity * sizeof(T));
    if (!grown) throw std::bad_alloc();
    TapeStatistics& stats = tape_statistics();
    ++stats.allocations;
    stats.bytes += (capacity - capacity_) * sizeof(T);
    if (stats.bytes > stats.peak_bytes) stats.peak_bytes = stats.bytes;
    data_ = static_cast<T*>(grown);
    capacity_ = capacity;
  }

  static constexpr std::size_t kInitialCapacity = 256;
  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// A tape of at most N elements, an array in the gradient's stack frame.
// Generated code uses it when it has proven that a call pushes at most N
// values (loops with constant trip counts), so a push is a plain store:
// no capacity check, no allocation, and the compiler keeps the position in
// a register.
template <typename T, std::size_t N>
class StackTape {
  static_assert(std::is_trivially_copyable<T>::value, "a tape stores plain numbers");
  static_assert(N > 0, "a stack tape holds at least one element");

 public:
  StackTape() = default;
  StackTape(const StackTape&) = delete;
  StackTape& operator=(const StackTape&) = delete;

  void push(T value) {
    assert(size_ < N && "the generator's bound on this tape was wrong");
    data_[size_++] = value;
  }
  T pop() { return data_[--size_]; }
  const T& back() const { return data_[size_ - 1]; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::size_t peak_bytes() const { return 0; }

 private:
  T data_[N];
  std::size_t size_ = 0;
};

// A tape of objects that are not plain numbers: whole std::vectors (and
// other classes) saved before they are replaced, moved in and out.
template <typename T>
class ObjectTape {
 public:
  ObjectTape() = default;
  ObjectTape(const ObjectTape&) = delete;
  ObjectTape& operator=(const ObjectTape&) = delete;

  void push(T value) { data_.push_back(std::move(value)); }
  T pop() {
    T value = std::move(data_.back());
    data_.pop_back();
    return value;
  }
  std::size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }
  std::size_t peak_bytes() const { return data_.capacity() * sizeof(T); }

 private:
  std::vector<T> data_;
};

}  // namespace ad

namespace ad {

// Saving and restoring a whole array (any rank) that a called function may
// overwrite: elements are pushed in order and popped in reverse order.
template <typename TapeType, typename T>
void push_all(TapeType &tape, const T &value) {
  tape.push(value);
}
template <typename TapeType, typename U, std::size_t N>
void push_all(TapeType &tape, const U (&array)[N]) {
  for (const U &element : array)
    push_all(tape, element);
}
template <typename TapeType, typename T>
void pop_all(TapeType &tape, T &value) {
  value = tape.pop();
}
template <typename TapeType, typename U, std::size_t N>
void pop_all(TapeType &tape, U (&array)[N]) {
  for (std::size_t i = N; i-- > 0;)
    pop_all(tape, array[i]);
}

}  // namespace ad
