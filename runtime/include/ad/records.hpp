// Records of calls differentiated in split mode (docs/design.md, "Split
// calls"). A call `g(x)` in a differentiated function runs g's forward
// sweep where g is called, keeping what g's reverse sweep needs (its
// locals, tapes and records of its own calls) in a record; the caller's
// reverse sweep then runs g's reverse sweep on that same record:
//
//   y = _records_g.push()._forward(x, d_x);        // forward sweep
//   _records_g.top()._reverse(x, _d_y, d_x);       // reverse sweep
//   _records_g.pop();
//
// so g runs once per call instead of once more in every pullback above it.
// Each call site has its own stack, pushed once per execution of the call
// and popped in the reverse order.
//
// Records stay where they were built until popped (a record may hold
// pointers into itself: a local class object kept in a std::optional and a
// pointer to it), so the stack grows by chunks, never by moving records.
// The first record lives in the stack itself: a call made once per
// gradient (and the records inside its record) costs no allocation.
// Chunks come from the tape block cache (memory.hpp) and count as tape
// bytes. T must be complete where the stack is declared.
#pragma once

#include <ad/memory.hpp>

#include <cstddef>
#include <new>

namespace ad {

template <typename T>
class RecordStack {
 public:
  RecordStack() = default;
  RecordStack(const RecordStack &) = delete;
  RecordStack &operator=(const RecordStack &) = delete;
  ~RecordStack() {
    while (!empty())
      pop();
    drop(spare_);
  }

  // A new record on top, value-initialized (its members take their default
  // member initializers).
  T &push() {
    if (!first_used_) {
      first_used_ = true;
      return *::new (static_cast<void *>(first_)) T;
    }
    if (!top_ || used_ == top_->capacity)
      next_chunk();
    T *slot = records(top_) + used_;
    ::new (static_cast<void *>(slot)) T;
    ++used_;
    return *slot;
  }
  T &top() { return top_ ? records(top_)[used_ - 1] : *first(); }
  void pop() {
    if (!top_) {
      first()->~T();
      first_used_ = false;
      return;
    }
    records(top_)[--used_].~T();
    if (used_ == 0) {
      Chunk *below = top_->below;
      drop(spare_); // keep the emptied chunk for the next push
      spare_ = top_;
      top_ = below;
      used_ = below ? below->capacity : 0;
    }
  }
  bool empty() const { return !first_used_; }

 private:
  struct alignas(alignof(std::max_align_t)) Chunk {
    Chunk *below;
    std::size_t capacity; // records
    std::size_t bytes;    // the block's
  };
  static constexpr std::size_t kFirstBytes = 1024;
  static constexpr std::size_t kMaxChunkBytes = std::size_t(1) << 20;

  static T *records(Chunk *c) { return reinterpret_cast<T *>(c + 1); }
  T *first() { return std::launder(reinterpret_cast<T *>(first_)); }

  void next_chunk() {
    static_assert(alignof(T) <= alignof(std::max_align_t),
                  "records are stored in blocks aligned like malloc's");
    // Twice the previous chunk, up to a megabyte (or one record).
    std::size_t capacity = top_ ? 2 * top_->capacity : 0;
    if (capacity * sizeof(T) > kMaxChunkBytes)
      capacity = top_->capacity;
    std::size_t least = (kFirstBytes - sizeof(Chunk)) / sizeof(T);
    if (least == 0)
      least = 1; // a record larger than the first chunk's bytes
    if (capacity < least)
      capacity = least;
    Chunk *c;
    if (spare_ && spare_->capacity >= capacity) {
      c = spare_;
      spare_ = nullptr;
    } else {
      std::size_t bytes = detail::block_size(sizeof(Chunk) + capacity * sizeof(T));
      c = static_cast<Chunk *>(detail::new_block(bytes));
      detail::add_tape_bytes(bytes);
      c->capacity = (bytes - sizeof(Chunk)) / sizeof(T);
      c->bytes = bytes;
    }
    c->below = top_;
    top_ = c;
    used_ = 0;
  }
  static void drop(Chunk *c) {
    if (c)
      detail::release_block(c, c->bytes);
  }

  alignas(T) unsigned char first_[sizeof(T)];
  bool first_used_ = false;
  Chunk *top_ = nullptr; // the chunk holding the top record, null: first_
  std::size_t used_ = 0; // records in top_
  Chunk *spare_ = nullptr;
};

} // namespace ad
