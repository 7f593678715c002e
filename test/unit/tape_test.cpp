// Unit test of ad::Tape: LIFO order across growth, peak memory, several
// element types.
#include <ad/tape.hpp>

#include <cstdio>

static int failures = 0;
#define EXPECT(cond)                                                           \
  do {                                                                         \
    if (!(cond)) {                                                             \
      std::printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);              \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

int main() {
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

  // Inline storage: no allocation up to its capacity, then the heap, with
  // the order kept across the move.
  ad::tape_statistics() = {};
  {
    ad::Tape<double, 100> small;
    for (int i = 0; i < 100; ++i)
      small.push(i);
    EXPECT(ad::tape_statistics().allocations == 0);
    EXPECT(small.peak_bytes() == 0);
    for (int i = 100; i < 1000; ++i)
      small.push(i);
    EXPECT(ad::tape_statistics().allocations >= 1);
    bool kept = true;
    for (int i = 999; i >= 0; --i)
      kept &= small.pop() == i;
    EXPECT(kept);
  }
  EXPECT(ad::tape_statistics().bytes == 0);

  // Statistics: every growth is counted; the bytes go when the tape does.
  ad::tape_statistics() = {};
  {
    ad::Tape<double> s;
    for (int i = 0; i < 1000; ++i)
      s.push(i);
    EXPECT(ad::tape_statistics().allocations >= 2);
    EXPECT(ad::tape_statistics().bytes == s.peak_bytes());
  }
  EXPECT(ad::tape_statistics().bytes == 0);
  EXPECT(ad::tape_statistics().peak_bytes >= 1000 * sizeof(double));

  std::printf("%s\n", failures ? "FAILED" : "OK");
  return failures ? 1 : 0;
}
