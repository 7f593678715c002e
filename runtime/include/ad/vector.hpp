// What the runtime does for std::vector: the shadow of a vector is a
// vector of the same shape (resize_like), a saved vector is put back in
// place (restore_in_place), and vectors of plain values are saved as their
// elements and handed back in pooled storage (VectorStack). Generated code
// includes it where the file uses std::vector (ad/ad.hpp always does).
#pragma once

#include <ad/shadow.hpp>
#include <ad/tape.hpp>

#include <cstddef>
#include <cstring>
#include <type_traits>
#include <utility>
#include <vector>

namespace ad {
namespace detail {

// Saved vectors handed back by ObjectTape::pop are built in the storage of
// vectors that were given back before (restore_in_place gives back the one
// it copied from): a few per element type and thread, none larger than
// kMaxPooledVector bytes.
constexpr unsigned kPooledVectors = 4;
constexpr std::size_t kMaxPooledVector = std::size_t(256) << 10;

// A std::vector of plain values with the standard allocator: its elements
// can be copied as bytes (ObjectTape stores them so) and its storage pooled.
template <typename T>
struct is_plain_vector : std::false_type {};
template <typename E>
struct is_plain_vector<std::vector<E, std::allocator<E>>>
    : std::integral_constant<bool, std::is_trivially_copyable<E>::value &&
                                       !std::is_same<E, bool>::value &&
                                       alignof(E) <= alignof(std::max_align_t)> {};

template <typename E>
bool &vector_pool_closed() { // plain data, readable after the pool is gone
  static thread_local bool closed;
  return closed;
}
template <typename E>
struct VectorPool {
  std::vector<E> vectors[kPooledVectors];
  unsigned count = 0;
  ~VectorPool() { vector_pool_closed<E>() = true; }
};
template <typename E>
VectorPool<E> *vector_pool() {
  if (vector_pool_closed<E>())
    return nullptr;
  static thread_local VectorPool<E> pool;
  return &pool;
}

// A vector of n elements copied from `from`, in pooled storage if any.
template <typename E>
std::vector<E> pooled_copy(const E *from, std::size_t n) {
  std::vector<E> out;
  if (n == 0)
    return out;
  if (VectorPool<E> *pool = vector_pool<E>(); pool && pool->count)
    out.swap(pool->vectors[--pool->count]);
  if (n > out.capacity())
    ++tape_statistics().allocations;
  else
    ++tape_statistics().reuses;
  out.assign(from, from + n);
  return out;
}

// Keeps a saved vector's storage for the next pooled_copy (the vector is
// left empty): recycle(v) for vectors of plain values.
template <typename E>
struct recycler<std::vector<E, std::allocator<E>>,
                std::enable_if_t<is_plain_vector<std::vector<E>>::value>> {
  static void give(std::vector<E> &v) {
    if (v.capacity() == 0 || v.capacity() * sizeof(E) > kMaxPooledVector)
      return;
    VectorPool<E> *pool = vector_pool<E>();
    if (pool && pool->count < kPooledVectors) {
      v.clear();
      pool->vectors[pool->count++].swap(v);
    }
  }
};

template <typename E, typename A>
struct heap_bytes_of<std::vector<E, A>> {
  static std::size_t of(const std::vector<E, A> &v) {
    if constexpr (std::is_same<E, bool>::value) {
      return (v.capacity() + 7) / 8; // bits
    } else {
      std::size_t bytes = v.capacity() * sizeof(E);
      if constexpr (!std::is_trivially_copyable<E>::value)
        for (const E &e : v)
          bytes += heap_bytes(e);
      return bytes;
    }
  }
};


// An object tape of vectors of plain values (is_plain_vector). A copy
// (push of an lvalue) goes in as its elements, one after another in one
// block, and its size on a tape: the push allocates nothing once the block
// is large enough, and the pop builds the vector in pooled storage
// (pooled_copy), which restore_in_place gives back. A vector moved in
// (push of an rvalue) is kept whole and comes back with the same storage:
// generated code may hold pointers into it (to elements it restores later).
template <typename V>
class VectorStack {
  using E = typename V::value_type;
  static constexpr std::size_t kMoved = ~std::size_t(0); // on sizes_: in moved_

 public:
  void push(const V& value) {
    std::size_t n = value.size();
    unsigned char* to = elements_.append(n * sizeof(E));
    if (n)
      std::memcpy(to, value.data(), n * sizeof(E));
    sizes_.push(n);
  }
  void push(V&& value) {
    moved_.push(std::move(value));
    sizes_.push(kMoved);
  }
  V pop() {
    std::size_t n = sizes_.pop();
    if (n == kMoved)
      return moved_.pop();
    std::size_t at = elements_.size() - n * sizeof(E);
    elements_.truncate(at);
    return pooled_copy(reinterpret_cast<const E*>(elements_.data() + at), n);
  }
  std::size_t size() const { return sizes_.size(); }
  bool empty() const { return sizes_.empty(); }
  std::size_t peak_bytes() const {
    return elements_.capacity() + sizes_.peak_bytes() + moved_.peak_bytes();
  }

 private:
  ByteStack elements_;
  Tape<std::size_t> sizes_;
  ObjectStack<V> moved_;
};

// An object tape of vectors of plain values is a VectorStack.
template <typename T>
struct object_stack<T, std::enable_if_t<is_plain_vector<T>::value>> {
  using type = VectorStack<T>;
};

template <typename T>
struct is_vector : std::false_type {};
template <typename T, typename A>
struct is_vector<std::vector<T, A>> : std::true_type {};
}  // namespace detail

// Resizes a shadow vector to the size of the vector it shadows, keeping the
// shadows of the elements that remain (refitted to their elements' shapes
// when those are vectors or classes owning their reals) and giving new
// elements zero shadows of their shape.
template <typename T, typename A, typename U, typename B>
void resize_like(std::vector<T, A> &shadow, const std::vector<U, B> &x) {
  if (shadow.size() > x.size())
    shadow.resize(x.size());
  if constexpr (detail::is_vector<T>::value) {
    for (std::size_t i = 0; i < shadow.size(); ++i)
      resize_like(shadow[i], x[i]);
  } else if constexpr (detail::has_own_shape<T>::value) {
    for (std::size_t i = 0; i < shadow.size(); ++i)
      ad_shadow_resize_like(shadow[i], x[i]);
  }
  while (shadow.size() < x.size())
    shadow.push_back(zeros_like(x[shadow.size()]));
}

// Puts a saved vector back without giving it new storage when its size is
// the same: pointers into it, and structs of pointers viewing it, stay
// valid. The saved vector's storage then serves the next vector an object
// tape hands back (detail::recycle).
template <typename T, typename A>
void restore_in_place(std::vector<T, A> &x, std::vector<T, A> &&saved) {
  if (x.size() == saved.size()) {
    for (std::size_t i = 0; i < x.size(); ++i)
      x[i] = std::move(saved[i]);
    detail::recycle(saved);
  } else {
    x = std::move(saved);
  }
}

// The sum of the reals in x: the adjoint that flows back to a value copied
// into every element (std::vector<double> v(n, x)).
template <typename T>
T sum_of(const std::vector<T> &x, std::size_t from = 0) {
  T s = T(0);
  for (std::size_t i = from; i < x.size(); ++i)
    s += x[i];
  return s;
}

}  // namespace ad
