// Unit test of ad::Tape and ad::StackTape: LIFO order across growth, peak
// memory, several element types, whole arrays.
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

  // A stack tape: LIFO without allocating.
  ad::tape_statistics() = {};
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
  {
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
