// Shadow memory helpers for generated gradients: the shadow (adjoint) of a
// value has the same shape as the value, so a std::vector<double> `v` gets a
// std::vector<double> `_d_v` of the same size, a vector of vectors a vector
// of vectors of the same sizes.
#pragma once

#include <ad/tape.hpp>

// No standard container header here (<vector>, <array>, <tuple>,
// <optional>, <algorithm>, <iterator>): every translation unit that uses
// the plugin includes this file, and those headers cost up to 0.1 s each
// to parse. Containers are recognized by their members (a range has
// begin(), a tuple has std::tuple_size); what only std::vector needs is in
// ad/vector.hpp, which generated code includes where the file uses vectors.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

namespace ad {

namespace detail {
template <typename T, typename = void>
struct has_begin : std::false_type {};
template <typename T>
struct has_begin<T, std::void_t<decltype(std::declval<T &>().begin())>> : std::true_type {};
template <typename T>
struct is_range : std::integral_constant<bool, std::is_array<T>::value || has_begin<T>::value> {};
// The first element of a range (an array or a container).
template <typename R>
auto first_of(R &range) {
  if constexpr (std::is_array<R>::value)
    return range + 0;
  else
    return range.begin();
}
// std::complex, recognized by its members rather than by name: including
// <complex> costs every translation unit that uses the plugin ~0.2 s.
template <typename T, typename = void>
struct is_complex : std::false_type {};
template <typename T>
struct is_complex<T, std::void_t<typename T::value_type,
                                 decltype(std::declval<T &>().real(typename T::value_type())),
                                 decltype(std::declval<const T &>().imag())>>
    : std::is_floating_point<typename T::value_type> {};
template <typename T>
struct is_pair : std::false_type {};
template <typename A, typename B>
struct is_pair<std::pair<A, B>> : std::true_type {};
// std::tuple, recognized as what has a std::tuple_size (declared in
// <utility>) and is neither a pair nor a range (std::array).
template <typename T, typename = void>
struct has_tuple_size : std::false_type {};
template <typename T>
struct has_tuple_size<T, std::void_t<decltype(std::tuple_size<T>::value)>> : std::true_type {};
template <typename T>
struct is_tuple : std::integral_constant<bool, has_tuple_size<T>::value && !is_pair<T>::value &&
                                                   !is_range<T>::value> {};
}  // namespace detail

template <typename T, std::size_t... I>
void zero_tuple(T &x, std::index_sequence<I...>);

// Sets every real in x to zero, keeping its shape. A struct or class of
// the user's is reached through `ad_shadow_zero(x)`, which the generator
// writes right after the class's definition (found by argument-dependent
// lookup) for every class whose shadows the runtime handles.
template <typename T>
void zero(T &x) {
  if constexpr (std::is_arithmetic<T>::value || detail::is_complex<T>::value) {
    x = T(0);
  } else if constexpr (std::is_pointer<T>::value || std::is_enum<T>::value) {
    // Holds no reals of its own.
  } else if constexpr (detail::is_pair<T>::value) {
    zero(x.first);
    zero(x.second);
  } else if constexpr (detail::is_tuple<T>::value) {
    zero_tuple(x, std::make_index_sequence<std::tuple_size<T>::value>());
  } else if constexpr (detail::is_range<T>::value) {
    for (auto &e : x)
      zero(e);
  } else {
    ad_shadow_zero(x);
  }
}

template <typename T, std::size_t... I>
void zero_tuple(T &x, std::index_sequence<I...>) {
  using std::get; // and the tuple's own, found by argument-dependent lookup
  (zero(get<I>(x)), ...);
}

template <typename T, std::size_t... I>
void add_tuple(T &dst, const T &src, std::index_sequence<I...>);

// dst += src for every real, recursively (dst: a real, a container, an
// object, or a pointer to the first element of as many elements as src
// has). One template, so that an array member (`double v[2]`), which is
// both an array and convertible to a pointer, has one meaning.
template <typename D, typename S>
void add_into(D &&dst, const S &src) {
  using T = std::remove_cv_t<std::remove_reference_t<D>>;
  if constexpr (std::is_pointer<T>::value && !std::is_pointer<S>::value) {
    auto d = dst; // a pointer to as many elements as src has
    for (const auto &e : src)
      add_into(*d++, e);
  } else if constexpr (std::is_arithmetic<T>::value || detail::is_complex<T>::value) {
    dst += src;
  } else if constexpr (std::is_pointer<T>::value || std::is_enum<T>::value) {
    // Holds no reals of its own.
  } else if constexpr (detail::is_pair<T>::value) {
    add_into(dst.first, src.first);
    add_into(dst.second, src.second);
  } else if constexpr (detail::is_tuple<T>::value) {
    add_tuple(dst, src, std::make_index_sequence<std::tuple_size<T>::value>());
  } else if constexpr (detail::is_range<T>::value) {
    auto d = detail::first_of(dst);
    for (const auto &e : src)
      add_into(*d++, e);
  } else {
    ad_shadow_add(dst, src);
  }
}
template <typename T, std::size_t... I>
void add_tuple(T &dst, const T &src, std::index_sequence<I...>) {
  using std::get; // and the tuple's own, found by argument-dependent lookup
  (add_into(get<I>(dst), get<I>(src)), ...);
}

// A copy of x with every real set to zero: the shadow a caller passes for a
// parameter (ad::zeros_like(layer) for a `const Layer&`), and what a
// generated gradient starts a local's shadow from.
template <typename T>
T zeros_like(const T &x) {
  T out(x);
  zero(out);
  return out;
}

namespace detail {
// A class owning its reals behind a pointer (a matrix class with new[]) has
// `ad_shadow_resize_like`, written by the generator after the class.
template <typename T, typename = void>
struct has_own_shape : std::false_type {};
template <typename T>
struct has_own_shape<T, std::void_t<decltype(ad_shadow_resize_like(std::declval<T &>(),
                                                                    std::declval<const T &>()))>>
    : std::true_type {};
}  // namespace detail

// A local of a class that cannot be default-constructed is kept in a
// std::optional in generated code, built where f builds it and used
// through a pointer; this puts back a saved one (a loop's previous object,
// perhaps none) without assigning, and returns the pointer.
template <typename Optional>
auto put_back(Optional &storage, Optional &&saved) -> decltype(&*storage) {
  storage.reset();
  if (!saved)
    return nullptr;
  return &storage.emplace(std::move(*saved));
}

namespace detail {
// Plain values logged by address: the bytes each location held when it was
// logged, last logged on top (in cached blocks, as tapes are). A value of 8
// bytes (a double) is one 16-byte entry, its address and its bits; another
// keeps its address, size and bytes in a byte stack, and its entry marks
// where. W6's gradient logs 100,000 doubles (its output's values, restored
// in the reverse sweep): with every value in the byte stack beside a
// 24-byte entry, logging and replaying them cost a quarter of the gradient.
class ByteLog {
 public:
  void log(const void *address, std::size_t size) {
    if (size == sizeof(std::uint64_t)) {
      Entry e{const_cast<void *>(address), 0};
      std::memcpy(&e.value, address, sizeof(std::uint64_t));
      entries_.push(e);
      return;
    }
    std::size_t offset = bytes_.size();
    unsigned char *to = bytes_.append(kHeader + size);
    Header h{const_cast<void *>(address), size};
    std::memcpy(to, &h, kHeader);
    std::memcpy(to + kHeader, address, size);
    entries_.push({marker(), offset});
  }
  // Records logged (a mark).
  std::size_t size() const { return entries_.size(); }
  void *last_address() const { return wide() ? header().address : entries_.back().address; }
  const unsigned char *last_bytes() const {
    return wide() ? bytes_.data() + entries_.back().value + kHeader
                  : reinterpret_cast<const unsigned char *>(&entries_.back().value);
  }
  std::size_t last_size() const { return wide() ? header().size : sizeof(std::uint64_t); }
  // Drops the last record, writing its bytes back first if asked.
  void pop(bool write_back) {
    Entry last = entries_.pop();
    if (last.address != marker()) {
      if (write_back)
        std::memcpy(last.address, &last.value, sizeof(std::uint64_t));
      return;
    }
    if (write_back) {
      Header h = header_at(last.value);
      std::memcpy(h.address, bytes_.data() + last.value + kHeader, h.size);
    }
    bytes_.truncate(last.value);
  }

 private:
  struct Entry {
    void *address;        // marker(): the record is in the byte stack
    std::uint64_t value;  // the value's bits; for the marker, its offset
  };
  struct Header {
    void *address;
    std::size_t size;
  };
  static constexpr std::size_t kHeader = sizeof(Header);
  static void *marker() { return reinterpret_cast<void *>(std::uintptr_t(1)); }
  bool wide() const { return entries_.back().address == marker(); }
  Header header_at(std::uint64_t offset) const {
    Header h;
    std::memcpy(&h, bytes_.data() + offset, kHeader);
    return h;
  }
  Header header() const { return header_at(entries_.back().value); }
  Tape<Entry> entries_;
  ByteStack bytes_;
};
}  // namespace detail

// Values the reverse sweep restores in the caller's memory (a parameter f
// writes and also reads back) are logged here; replay() puts back what f
// left there, so f_grad has f's side effects.
class RedoLog {
 public:
  template <typename T, typename U>
  void restore(T &location, U &&old) {
    if constexpr (detail::has_own_shape<T>::value) {
      // A class owning its reals: value by value while its storage stays.
      if (old.size() != location.size()) {
        location = std::forward<U>(old); // nothing of f's to keep: it changed size
        return;
      }
      auto *to = ad_shadow_values(location);
      const auto *from = ad_shadow_values(old);
      for (decltype(old.size()) i = 0; i < old.size(); ++i)
        restore(to[i], from[i]);
      ad_shadow_resize_like(location, old); // its dimensions
    } else if constexpr (detail::is_range<T>::value && std::is_trivially_copyable<T>::value) {
      // A std::array of plain values, element by element.
      auto to = detail::first_of(location);
      for (const auto &e : old)
        restore(*to++, e);
    } else if constexpr (detail::is_range<T>::value) {
      // A std::vector of plain values, element by element while its size
      // stays (so do their addresses); its storage is then recycled.
      if (old.size() != location.size()) {
        location = std::forward<U>(old); // nothing of f's to keep: it changed size
        return;
      }
      for (std::size_t i = 0; i < old.size(); ++i)
        restore(location[i], old[i]);
      if constexpr (!std::is_lvalue_reference<U>::value)
        detail::recycle(old);
    } else {
      static_assert(std::is_trivially_copyable<T>::value, "a plain value");
      if (!covers(&location, sizeof(T)))
        log_.log(&location, sizeof(T));
      location = std::forward<U>(old);
    }
  }
  // A range of the caller's memory that f writes whole (std::fill into an
  // output parameter): snapshot() copies its values, f's final ones, when
  // the reverse sweep starts, and replay() puts them back, so restores
  // inside it are plain stores instead of log entries (W6 restores its
  // output 100,000 times to leave 100 values). A hint only: addresses
  // outside every covered range are logged as before.
  template <typename T>
  void cover(T *first, std::size_t n) {
    auto *begin = reinterpret_cast<unsigned char *>(first);
    std::size_t bytes = n * sizeof(T);
    for (std::size_t i = 0; i < covered_; ++i)
      if (ranges_[i].begin == begin && ranges_[i].bytes == bytes)
        return;
    if (covered_ < kRanges && bytes > 0 && !snapshot_)
      ranges_[covered_++] = {begin, bytes, 0};
  }
  void snapshot() {
    for (std::size_t i = 0; i < covered_; ++i) {
      ranges_[i].saved = saved_.size();
      std::memcpy(saved_.append(ranges_[i].bytes), ranges_[i].begin, ranges_[i].bytes);
    }
    snapshot_ = true;
  }
  // Bytes restored at an address (an UndoLog rolling back into the caller's
  // memory): what was there is logged first.
  void restore_bytes(void *address, const unsigned char *old, std::size_t size) {
    if (!covers(address, size))
      log_.log(address, size);
    std::memcpy(address, old, size);
  }
  // Writes the logged values back, the last logged first, so each location
  // ends with the value f's last store gave it; then the covered ranges.
  void replay() {
    while (log_.size())
      log_.pop(true);
    for (std::size_t i = 0; i < covered_; ++i)
      std::memcpy(ranges_[i].begin, saved_.data() + ranges_[i].saved, ranges_[i].bytes);
  }

 private:
  bool covers(const void *address, std::size_t size) const {
    if (!snapshot_)
      return false;
    auto *at = static_cast<const unsigned char *>(address);
    for (std::size_t i = 0; i < covered_; ++i)
      if (at >= ranges_[i].begin && at + size <= ranges_[i].begin + ranges_[i].bytes)
        return true;
    return false;
  }
  struct Range {
    unsigned char *begin;
    std::size_t bytes;
    std::size_t saved; // offset of its snapshot in saved_
  };
  static constexpr std::size_t kRanges = 8;
  detail::ByteLog log_;
  Range ranges_[kRanges];
  std::size_t covered_ = 0;
  bool snapshot_ = false;
  detail::ByteStack saved_;
};

}  // namespace ad

namespace ad {
// The restore of a pullback: through the caller's redo log when the caller
// passed one (the location is f's caller's memory), else a plain store.
template <typename T, typename U>
void restore(RedoLog *log, T &location, U &&old) {
  if (log)
    log->restore(location, std::forward<U>(old));
  else
    location = std::forward<U>(old);
}
}  // namespace ad

namespace ad {
// std::copy, std::fill and std::size for generated code (f_jacobian's and
// f_hvp's work arrays), which does not include <algorithm> or <iterator>.
template <typename In, typename Out>
Out copy(In first, In last, Out to) {
  for (; first != last; ++first, ++to)
    *to = *first;
  return to;
}
template <typename It, typename T>
void fill(It first, It last, const T &value) {
  for (; first != last; ++first)
    *first = value;
}
template <typename T, std::size_t N>
constexpr std::size_t size(const T (&)[N]) {
  return N;
}
template <typename C>
constexpr auto size(const C &c) -> decltype(c.size()) {
  return c.size();
}

// Ranges of n elements from first (a pointer or a random-access iterator):
// what std::fill, std::copy and friends overwrite, saved before and put
// back after, in reverse order (through the redo log where given).
template <typename TapeType, typename It, typename N>
void push_range(TapeType &tape, It first, N n) {
  for (N i = 0; i < n; ++i)
    tape.push(first[i]);
}
template <typename TapeType, typename It, typename N>
void pop_range(TapeType &tape, It first, N n, RedoLog *log = nullptr) {
  for (N i = n; i-- > 0;)
    restore(log, first[i], tape.pop());
}

// The adjoint of a value written into n elements (std::fill): the sum of
// their shadows, which are then zero (the elements were overwritten).
template <typename T, typename N>
T take_sum(T *shadow, N n) {
  T s = T(0);
  for (N i = 0; i < n; ++i) {
    s += shadow[i];
    shadow[i] = T(0);
  }
  return s;
}

// std::copy's reverse: the shadows of the copies flow back to the originals.
template <typename T, typename N>
void move_adjoints(T *from_copy, T *to_original, N n) {
  for (N i = 0; i < n; ++i) {
    to_original[i] += from_copy[i];
    from_copy[i] = T(0);
  }
}

// std::accumulate's reverse: each element gets the result's adjoint.
template <typename T, typename N, typename S>
void add_each(T *shadow, N n, S seed) {
  for (N i = 0; i < n; ++i)
    shadow[i] += seed;
}

// std::inner_product's reverse: d a_i += seed b_i, d b_i += seed a_i (a
// null shadow for a side that is not active).
template <typename T, typename A, typename B, typename N, typename S>
void inner_product_adjoint(A a, T *shadow_a, B b, T *shadow_b, N n, S seed) {
  for (N i = 0; i < n; ++i) {
    if (shadow_a)
      shadow_a[i] += seed * b[i];
    if (shadow_b)
      shadow_b[i] += seed * a[i];
  }
}
}  // namespace ad

namespace ad {
// What a helper overwrites through the pointers its caller passed on, when
// the caller cannot know how much that is: the helper's logged variant
// (`g_logged(..., _undo)`, generated beside the pullbacks) saves each value
// just before it overwrites it; the caller's reverse sweep rolls back to the
// mark it took before the call, restoring exactly those values.
class UndoLog {
 public:
  template <typename T>
  void save(const T &location) {
    static_assert(std::is_trivially_copyable<T>::value, "a plain value");
    log_.log(&location, sizeof(T));
  }
  template <typename It, typename N>
  void save_n(It first, N n) {
    for (N i = 0; i < n; ++i)
      save(first[i]);
  }
  unsigned long mark() const { return log_.size(); }
  // Restores what was saved since mark, the last saved first (through the
  // redo log where given: the caller's caller's memory).
  void rollback(unsigned long mark, RedoLog *redo = nullptr) {
    while (log_.size() > mark) {
      if (redo)
        redo->restore_bytes(log_.last_address(), log_.last_bytes(), log_.last_size());
      log_.pop(redo == nullptr);
    }
  }

 private:
  detail::ByteLog log_;
};
}  // namespace ad
