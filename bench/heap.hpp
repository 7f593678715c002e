// The "peak heap" column: how much the heap grows at most during one call of
// a gradient, over what it held when the call began (WORKLOADS.md's "peak
// extra memory"). Unlike "tape bytes" it covers everything every variant
// allocates: ad's tapes and its copies of vectors, the hand-written
// adjoint's work arrays, ADOL-C's and Sacado's tapes and buffers.
#pragma once

#include <cstddef>
#include <functional>

namespace bench {

// False where the heap cannot be counted (not glibc, or under a sanitizer,
// whose allocator must stay in charge): the column then says n/a.
bool heap_measurable();

// The most the live heap grew above its size before `call` while it ran.
// ad's cache of free tape blocks is emptied first (ad::release_tape_cache),
// so that ad's tapes are counted as the blocks they take, not as reuses of
// memory already held. Meant for a warm call: a library's one-time setup
// in its first call is not what a gradient costs.
std::size_t peak_heap(const std::function<void()> &call);

} // namespace bench
