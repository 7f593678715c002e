// Unit test of ad::Tape, ad::StackTape, ad::ObjectTape and the logs: LIFO
// order across growth, peak memory, several element types, whole arrays;
// the per-thread block cache (reuse across tapes, bounded, large blocks
// given back, tapes destroyed on another thread) and the statistics.
#include <ad/shadow.hpp>
#include <ad/records.hpp>
#include <ad/tape.hpp>
#include <ad/vector.hpp>

#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

static int failures = 0;
#define EXPECT(cond)                                                           \
  do {                                                                         \
    if (!(cond)) {                                                             \
      std::printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);              \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

namespace {

// A fresh start: no free blocks, no counts.
void reset() {
  ad::release_tape_cache();
  ad::tape_statistics() = {};
}

void lifo() {
  ad::Tape<double> t;
  EXPECT(t.empty());
  EXPECT(t.peak_bytes() == 0); // nothing reserved until the first push

  const int n = 100000; // crosses many capacity doublings
  for (int i = 0; i < n; ++i)
    t.push(i * 0.5);
  EXPECT(t.size() == static_cast<std::size_t>(n));
  EXPECT(t.back() == (n - 1) * 0.5);
  bool ordered = true;
  for (int i = n - 1; i >= 0; --i)
    ordered &= t.pop() == i * 0.5;
  EXPECT(ordered);
  EXPECT(t.empty());
  EXPECT(t.peak_bytes() >= n * sizeof(double));
  EXPECT(t.peak_bytes() < 4 * n * sizeof(double)); // doubling, not worse

  // Interleaved pushes and pops, as nested loops produce them.
  ad::Tape<unsigned long> c;
  c.push(1);
  c.push(2);
  EXPECT(c.pop() == 2);
  c.push(3);
  EXPECT(c.pop() == 3);
  EXPECT(c.pop() == 1);
  EXPECT(c.empty());

  ad::Tape<long double> l;
  l.push(1.0L / 3);
  EXPECT(l.pop() == 1.0L / 3);

  // An element whose size is not a power of two: blocks still are.
  struct Triple {
    double a, b, c;
  };
  ad::Tape<Triple> triples;
  for (int i = 0; i < 1000; ++i)
    triples.push({double(i), 0, -double(i)});
  bool kept = true;
  for (int i = 999; i >= 0; --i) {
    Triple x = triples.pop();
    kept &= x.a == i && x.c == -i;
  }
  EXPECT(kept);
  EXPECT(triples.peak_bytes() >= 1000 * sizeof(Triple));
  EXPECT((triples.peak_bytes() & (triples.peak_bytes() - 1)) == 0);
}

void stack_tapes_and_arrays() {
  // A stack tape: LIFO without allocating.
  reset();
  {
    ad::StackTape<double, 100> small;
    for (int i = 0; i < 100; ++i)
      small.push(i);
    EXPECT(small.size() == 100);
    bool kept = true;
    for (int i = 99; i >= 0; --i)
      kept &= small.pop() == i;
    EXPECT(kept);
    EXPECT(small.empty());
  }
  EXPECT(ad::tape_statistics().allocations == 0);

  // push_all / pop_all: a 2-D array comes back in place.
  ad::Tape<double> t2;
  double m[2][3] = {{1, 2, 3}, {4, 5, 6}};
  ad::push_all(t2, m);
  double saved = 0;
  ad::push_all(t2, 7.0);
  for (auto &row : m)
    for (double &v : row)
      v = -1;
  ad::pop_all(t2, saved);
  ad::pop_all(t2, m);
  EXPECT(saved == 7.0);
  EXPECT(m[0][0] == 1 && m[0][2] == 3 && m[1][0] == 4 && m[1][2] == 6);
  EXPECT(t2.empty());
}

// Statistics: bytes are what live tapes hold; free blocks are not counted.
void statistics() {
  reset();
  {
    ad::Tape<double> s;
    for (int i = 0; i < 1000; ++i)
      s.push(i);
    EXPECT(ad::tape_statistics().allocations >= 2); // an empty cache
    EXPECT(ad::tape_statistics().reuses == 0);
    EXPECT(ad::tape_statistics().bytes == s.peak_bytes());
  }
  EXPECT(ad::tape_statistics().bytes == 0);
  EXPECT(ad::tape_statistics().peak_bytes >= 1000 * sizeof(double));
  EXPECT(ad::tape_cache_bytes() >= 1000 * sizeof(double)); // kept for the next

  // Resetting the counters while a tape lives does not make bytes wrap.
  {
    ad::Tape<int> r;
    r.push(1);
    ad::tape_statistics() = {};
  }
  EXPECT(ad::tape_statistics().bytes == 0);
}

// The tapes of a pullback called many times: blocks come from the cache
// after the first call.
void pullback(int depth) {
  ad::Tape<double> values;
  ad::Tape<int> ints;
  ad::Tape<unsigned long> control;
  for (int i = 0; i < 300; ++i) { // past the first block: one growth each
    values.push(i);
    ints.push(i);
    control.push(i);
  }
  if (depth > 0)
    pullback(depth - 1);
  while (!values.empty())
    values.pop();
}

void reuse() {
  reset();
  pullback(3);
  std::size_t first = ad::tape_statistics().allocations;
  EXPECT(first > 0);
  for (int call = 0; call < 1000; ++call)
    pullback(3);
  EXPECT(ad::tape_statistics().allocations == first); // none after the first
  EXPECT(ad::tape_statistics().reuses >= 1000 * 4 * 3);
  EXPECT(ad::tape_statistics().bytes == 0);
}

// A tape with a stack buffer (a pullback's): no block while it fits, the
// values moved to a block when it does not, LIFO throughout.
void buffered() {
  reset();
  {
    double first[16];
    ad::Tape<double> t{first};
    for (int i = 0; i < 16; ++i)
      t.push(i);
    EXPECT(t.peak_bytes() == 0 && ad::tape_statistics().allocations == 0);
    for (int i = 16; i < 1000; ++i)
      t.push(i);
    EXPECT(t.size() == 1000 && t.peak_bytes() >= 1000 * sizeof(double));
    bool ordered = true;
    for (int i = 999; i >= 0; --i)
      ordered &= t.pop() == i;
    EXPECT(ordered && t.empty());
  }
  EXPECT(ad::tape_statistics().bytes == 0);
}

// A tape growing past kJumpFrom takes the largest cached block at once: the
// second gradient's big tape reuses the first one's block instead of
// doubling through fresh memory.
void jump_to_largest() {
  reset();
  const std::size_t n = (std::size_t(4) << 20) / sizeof(double); // 4 MiB
  {
    ad::Tape<double> first;
    for (std::size_t i = 0; i < n; ++i)
      first.push(double(i));
  }
  std::size_t allocations = ad::tape_statistics().allocations;
  std::size_t cached = ad::tape_cache_bytes();
  EXPECT(cached >= (std::size_t(4) << 20));
  {
    ad::Tape<double> second;
    for (std::size_t i = 0; i < n; ++i)
      second.push(double(i));
    bool ordered = true;
    for (std::size_t i = n; i-- > 0;)
      ordered &= second.pop() == double(i);
    EXPECT(ordered);
    EXPECT(second.peak_bytes() >= (std::size_t(4) << 20));
  }
  EXPECT(ad::tape_statistics().allocations == allocations); // all from the cache
  EXPECT(ad::tape_cache_bytes() == cached);
}

// The cache is bounded: a huge tape's block goes back to the system, and
// many tapes released at once keep only a few blocks each size.
void bounded() {
  reset();
  const std::size_t huge_bytes = 4 * ad::detail::kMaxCachedBlock;
  {
    ad::Tape<double> huge;
    for (std::size_t i = 0; i < huge_bytes / sizeof(double); ++i)
      huge.push(double(i));
    EXPECT(huge.peak_bytes() == huge_bytes);
  }
  EXPECT(ad::tape_statistics().bytes == 0);
  EXPECT(ad::tape_cache_bytes() <= ad::detail::kMaxCachedBytes);
  EXPECT(ad::tape_cache_bytes() < 2 * ad::detail::kMaxCachedBlock); // the small steps only
  {
    std::vector<std::unique_ptr<ad::Tape<double>>> many(1000);
    for (auto &t : many) {
      t.reset(new ad::Tape<double>);
      t->push(1);
    }
  }
  EXPECT(ad::tape_cache_bytes() <= ad::detail::kMaxCachedBytes);
  std::size_t first_class = std::size_t(256) * sizeof(double);
  EXPECT(ad::tape_cache_bytes() <= ad::detail::kSlots * first_class + 2 * ad::detail::kMaxCachedBlock);
  ad::release_tape_cache();
  EXPECT(ad::tape_cache_bytes() == 0);
}

// A tape made on one thread and destroyed on another: correct values, and
// its block goes to the destroying thread's cache; each thread's counts
// stay its own.
void threads() {
  reset();
  ad::Tape<double> *moved = nullptr;
  std::size_t maker_bytes = 0;
  std::thread maker([&] {
    moved = new ad::Tape<double>;
    for (int i = 0; i < 5000; ++i)
      moved->push(i);
    maker_bytes = ad::tape_statistics().bytes;
  });
  maker.join();
  EXPECT(maker_bytes == moved->peak_bytes());
  bool ordered = true;
  std::size_t destroyer_bytes = 1, destroyer_cache = 0;
  std::thread destroyer([&] {
    for (int i = 4999; i >= 0; --i)
      ordered &= moved->pop() == i;
    delete moved;
    destroyer_bytes = ad::tape_statistics().bytes; // not below zero
    destroyer_cache = ad::tape_cache_bytes();
  });
  destroyer.join();
  EXPECT(ordered);
  EXPECT(destroyer_bytes == 0);
  EXPECT(destroyer_cache > 0);
  EXPECT(ad::tape_cache_bytes() == 0); // this thread's cache untouched
  EXPECT(ad::tape_statistics().bytes == 0);

  // Gradients on several threads at once, each with its own cache.
  bool all_ok[4] = {};
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w)
    workers.emplace_back([w, &all_ok] {
      bool ok = true;
      for (int call = 0; call < 200; ++call) {
        ad::Tape<double> t;
        ad::ObjectTape<std::vector<double>> v;
        for (int i = 0; i < 100 * (w + 1); ++i) {
          t.push(w * 1000 + i);
          std::vector<double> saved(w + 1, i);
          v.push(saved);
        }
        for (int i = 100 * (w + 1) - 1; i >= 0; --i) {
          ok &= t.pop() == w * 1000 + i;
          std::vector<double> x(w + 1, -1.0);
          ad::restore_in_place(x, v.pop());
          ok &= x[w] == i;
        }
      }
      all_ok[w] = ok && ad::tape_statistics().bytes == 0 &&
                  ad::tape_statistics().allocations < 50;
    });
  for (auto &t : workers)
    t.join();
  EXPECT(all_ok[0] && all_ok[1] && all_ok[2] && all_ok[3]);
}

// Object tapes: vectors of plain values stored flat, counted in bytes, and
// handed back in storage that restore_in_place returned; other objects kept
// whole, with the vectors they hold counted.
void object_tapes() {
  reset();
  {
    ad::ObjectTape<std::vector<double>> tape;
    std::vector<double> a = {1, 2, 3}, b(1000, 7.0), empty, moved(500, 5.0);
    const double *moved_storage = moved.data();
    tape.push(a);
    tape.push(b);
    tape.push(std::move(moved)); // kept whole: pointers into it stay valid
    tape.push(empty);
    EXPECT(tape.size() == 4);
    EXPECT(ad::tape_statistics().bytes >=
           (3 + 1000 + 500) * sizeof(double) + 4 * sizeof(std::size_t));
    EXPECT(tape.peak_bytes() >= (3 + 1000 + 500) * sizeof(double));
    EXPECT(tape.pop().empty());
    std::vector<double> back = tape.pop();
    EXPECT(back.data() == moved_storage && back.size() == 500 && back[499] == 5.0);
    std::vector<double> x(1000, 0.0);
    const double *storage = x.data();
    ad::restore_in_place(x, tape.pop());
    EXPECT(x == b && x.data() == storage);
    std::size_t allocations = ad::tape_statistics().allocations;
    EXPECT(tape.pop() == a); // built in the storage restore_in_place gave back
    EXPECT(ad::tape_statistics().allocations == allocations);
    EXPECT(tape.empty());
  }
  EXPECT(ad::tape_statistics().bytes == 0);

  // The steady state of a loop saving a work vector: no allocation at all.
  std::vector<double> work(10, 0.0);
  auto gradient = [&work] {
    ad::ObjectTape<std::vector<double>> tape;
    for (int i = 0; i < 100; ++i) {
      tape.push(work);
      work.assign(10, i);
    }
    for (int i = 99; i >= 0; --i) {
      EXPECT(work[0] == i);
      ad::restore_in_place(work, tape.pop());
    }
  };
  gradient();
  std::size_t allocations = ad::tape_statistics().allocations;
  gradient();
  EXPECT(ad::tape_statistics().allocations == allocations);
  EXPECT(work[9] == 0.0);

  // Vectors of vectors: moved in whole; their inner storage counted.
  ad::tape_statistics() = {};
  {
    ad::ObjectTape<std::vector<std::vector<double>>> nested;
    nested.push(std::vector<std::vector<double>>(4, std::vector<double>(100, 1.0)));
    EXPECT(ad::tape_statistics().bytes >= 4 * 100 * sizeof(double));
    auto back = nested.pop();
    EXPECT(back.size() == 4 && back[3][99] == 1.0);
    EXPECT(ad::tape_statistics().bytes < 4 * 100 * sizeof(double)); // the array only
  }
  EXPECT(ad::tape_statistics().bytes == 0);
}

// The redo and undo logs: their memory is counted and comes from the cache.
void logs() {
  reset();
  double cells[600];
  for (int i = 0; i < 600; ++i)
    cells[i] = i;
  {
    ad::UndoLog undo;
    ad::RedoLog redo;
    unsigned long mark = undo.mark();
    for (double &c : cells) {
      undo.save(c);
      c = -1;
    }
    EXPECT(ad::tape_statistics().bytes >= 600 * (sizeof(double) + sizeof(void *)));
    undo.rollback(mark, &redo); // back to i, logged for replay
    EXPECT(cells[0] == 0 && cells[599] == 599);
    redo.replay(); // f's values again
    EXPECT(cells[0] == -1 && cells[599] == -1);
  }
  EXPECT(ad::tape_statistics().bytes == 0);
  std::size_t allocations = ad::tape_statistics().allocations;
  {
    ad::UndoLog again;
    for (double &c : cells)
      again.save(c);
  }
  EXPECT(ad::tape_statistics().allocations == allocations); // cached blocks

  // Values of other sizes (kept in the byte stack) between doubles (kept
  // in their entries): each comes back, the last saved first.
  {
    struct Triple {
      double a, b, c;
    };
    float f = 1.5f;
    Triple t{1, 2, 3};
    double d = 4;
    short h = 7;
    ad::UndoLog undo;
    ad::RedoLog redo;
    unsigned long mark = undo.mark();
    undo.save(f);
    f = 2.5f;
    undo.save(d);
    d = 5;
    undo.save(t);
    t = {-1, -2, -3};
    undo.save(h);
    h = 8;
    undo.save(d); // twice: the first saved value wins on rollback
    d = 6;
    undo.rollback(mark, &redo);
    EXPECT(f == 1.5f && d == 4 && t.a == 1 && t.c == 3 && h == 7);
    redo.replay(); // f's last values again
    EXPECT(f == 2.5f && d == 6 && t.a == -1 && t.c == -3 && h == 8);
  }
  EXPECT(ad::tape_statistics().bytes == 0);
}

// Records of split calls (records.hpp): LIFO, built in place (a member
// pointing into the record stays valid), records larger than a chunk, the
// first record without an allocation, all destroyed with the stack.
struct SmallRecord {
  double value = 0;
  double *self = nullptr;
  ad::Tape<double> tape;
};
struct LargeRecord {
  double values[300] = {};
  int id = 0;
};
void records() {
  ad::tape_statistics() = {};
  {
    ad::RecordStack<SmallRecord> stack;
    SmallRecord &only = stack.push();
    EXPECT(only.value == 0 && only.self == nullptr);
    EXPECT(ad::tape_statistics().allocations == 0); // the first one is inside the stack
    stack.pop();
    EXPECT(stack.empty());
    for (int round = 0; round < 3; ++round) {
      for (int i = 0; i < 5000; ++i) {
        SmallRecord &r = stack.push();
        r.value = i;
        r.self = &r.value;
        r.tape.push(2.0 * i);
      }
      for (int i = 4999; i >= 0; --i) {
        SmallRecord &r = stack.top();
        EXPECT(r.value == i && r.self == &r.value && *r.self == i);
        EXPECT(r.tape.pop() == 2.0 * i);
        stack.pop();
      }
      EXPECT(stack.empty());
    }
    for (int i = 0; i < 100; ++i)
      stack.push().tape.push(i); // left for the destructor
  }
  EXPECT(ad::tape_statistics().bytes == 0);
  {
    ad::RecordStack<LargeRecord> stack; // larger than the first chunk's bytes
    for (int i = 0; i < 10; ++i) {
      LargeRecord &r = stack.push();
      r.id = i;
      r.values[299] = i;
    }
    for (int i = 9; i >= 0; --i) {
      EXPECT(stack.top().id == i && stack.top().values[299] == i && stack.top().values[0] == 0);
      stack.pop();
    }
  }
  EXPECT(ad::tape_statistics().bytes == 0);
}

} // namespace

int main() {
  lifo();
  stack_tapes_and_arrays();
  statistics();
  reuse();
  jump_to_largest();
  buffered();
  bounded();
  threads();
  object_tapes();
  logs();
  records();
  std::printf("%s\n", failures ? "FAILED" : "OK");
  return failures ? 1 : 0;
}
