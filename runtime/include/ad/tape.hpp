// The tape: a last-in-first-out store that a generated reverse sweep uses to
// get back values the forward sweep overwrote and the branches it took.
//
// Each f_grad call owns its tapes (plain locals), so gradients are reentrant
// and thread-safe. Storage is one contiguous block that doubles when full:
// a push is a compare and a store, and no element is allocated on its own.
// Blocks come from, and go back to, a cache of this thread (memory.hpp), so
// the tapes of a pullback called thousands of times per gradient do not
// call malloc and free at every call.
#pragma once

#include <ad/memory.hpp>

#include <cassert>
#include <cstddef>
#include <cstring>
#include <type_traits>
#include <new>
#include <utility>

namespace ad {

// A tape whose size is known only at run time: one heap block that doubles
// when full.
template <typename T>
class Tape {
  static_assert(std::is_trivially_copyable<T>::value, "a tape stores plain numbers");

 public:
  Tape() = default;
  // A tape whose first N values go into buffer, an array in the caller's
  // stack frame, and the rest into a heap block: a pullback called
  // thousands of times with a few values per call takes no block at all
  // (W4's Qtimesx pullback: 8% of the gradient went to taking and giving
  // back its two tapes' blocks).
  template <std::size_t N>
  explicit Tape(T (&buffer)[N]) : data_(buffer), capacity_(N), buffer_(buffer) {}
  Tape(const Tape&) = delete;
  Tape& operator=(const Tape&) = delete;
  AD_ALWAYS_INLINE ~Tape() {
    if (data_ && data_ != buffer_)
      detail::release_block(data_, capacity_ * sizeof(T));
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
  std::size_t peak_bytes() const {
    return data_ && data_ != buffer_ ? detail::block_size(capacity_ * sizeof(T)) : 0;
  }

 private:
  // capacity_ is as many elements as fit in the block, a power of two of
  // bytes (detail::block_size), which capacity_ * sizeof(T) rounds up to.
  // (Out of the stack buffer, grow_tape copies what it holds into a block
  // and does not give the buffer back.)
  void grow() {
    std::size_t bytes = capacity_ * sizeof(T);
    data_ = static_cast<T*>(detail::grow_tape(data_, size_ * sizeof(T), bytes,
                                              kInitialCapacity * sizeof(T), buffer_));
    capacity_ = bytes / sizeof(T);
  }

  static constexpr std::size_t kInitialCapacity = 256;
  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  T* buffer_ = nullptr; // the caller's stack buffer, if any
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

namespace detail {

// An object tape of any class: the objects moved into an array that
// doubles when full (moving them). Its bytes are the array's and, for
// vectors, what the saved vectors hold.
template <typename T>
class ObjectStack {
 public:
  ObjectStack() = default;
  ObjectStack(const ObjectStack&) = delete;
  ObjectStack& operator=(const ObjectStack&) = delete;
  ~ObjectStack() {
    while (size_)
      data_[--size_].~T();
    ::operator delete(data_, std::align_val_t(alignof(T)));
    remove_tape_bytes(bytes_);
  }

  void push(T value) {
    std::size_t grown = 0;
    if (size_ == capacity_)
      grown = grow();
    T* slot = ::new (static_cast<void*>(data_ + size_)) T(std::move(value));
    ++size_;
    add(grown * sizeof(T) + heap_bytes(*slot));
  }
  T pop() {
    T& last = data_[size_ - 1];
    std::size_t held = heap_bytes(last);
    bytes_ -= held;
    remove_tape_bytes(held);
    T value = std::move(last);
    last.~T();
    --size_;
    return value;
  }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::size_t peak_bytes() const { return peak_; }

 private:
  // Doubles the array; returns how many elements it gained.
  std::size_t grow() {
    std::size_t capacity = capacity_ ? 2 * capacity_ : 4;
    T* data = static_cast<T*>(::operator new(capacity * sizeof(T), std::align_val_t(alignof(T))));
    for (std::size_t i = 0; i < size_; ++i) {
      ::new (static_cast<void*>(data + i)) T(std::move(data_[i]));
      data_[i].~T();
    }
    ::operator delete(data_, std::align_val_t(alignof(T)));
    data_ = data;
    ++tape_statistics().allocations;
    std::size_t gained = capacity - capacity_;
    capacity_ = capacity;
    return gained;
  }
  void add(std::size_t bytes) {
    bytes_ += bytes;
    if (bytes_ > peak_)
      peak_ = bytes_;
    add_tape_bytes(bytes);
  }
  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  std::size_t bytes_ = 0; // counted in tape_statistics() now
  std::size_t peak_ = 0;
};

// Which stack an ObjectTape of T is: ad/vector.hpp makes it a VectorStack
// for vectors of plain values.
template <typename T, typename = void>
struct object_stack {
  using type = ObjectStack<T>;
};

}  // namespace detail

// A tape of objects that are not plain numbers: whole std::vectors (and
// other classes) saved before they are replaced, moved in and out.
template <typename T>
class ObjectTape : public detail::object_stack<T>::type {};

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
