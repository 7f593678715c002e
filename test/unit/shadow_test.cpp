// Unit test of the shadow-memory runtime (ad/shadow.hpp): shadows of the
// same shape, resizing a shadow like its vector, the redo log's replay order
// and the undo log's rollback (also through a redo log), the range helpers.
#include <ad/ad.hpp>

#include <cstdio>
#include <vector>

static int failures = 0;
#define EXPECT(cond)                                                           \
  do {                                                                         \
    if (!(cond)) {                                                             \
      std::printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);              \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

int main() {
  // zeros_like keeps the shape of nested containers.
  std::vector<std::vector<double>> m = {{1, 2}, {3, 4, 5}};
  auto zm = ad::zeros_like(m);
  EXPECT(zm.size() == 2 && zm[0].size() == 2 && zm[1].size() == 3);
  EXPECT(zm[1][2] == 0);
  std::array<double, 3> a = {1, 2, 3};
  EXPECT(ad::zeros_like(a)[2] == 0);

  // resize_like keeps the remaining shadows, gives new elements zeros of
  // their shape.
  std::vector<std::vector<double>> s = {{7, 7}};
  ad::resize_like(s, m);
  EXPECT(s.size() == 2 && s[0][0] == 7 && s[1].size() == 3 && s[1][0] == 0);
  m.pop_back();
  ad::resize_like(s, m);
  EXPECT(s.size() == 1 && s[0][1] == 7);

  // add_into and sum_of.
  std::vector<double> v = {1, 2, 3}, d = {0.5, 0.5, 0.5};
  ad::add_into(d.data(), v);
  EXPECT(d[2] == 3.5);
  EXPECT(ad::sum_of(v, 1) == 5);

  // The redo log: the reverse sweep restores old values; replay puts back
  // the value of each location's last store (logged first).
  double y[2] = {10, 20};
  ad::RedoLog redo;
  redo.restore(y[0], 1.0); // y[0] was 1 before its last store (10)
  redo.restore(y[0], 0.0); // ... and 0 before its first store (1)
  redo.restore(y[1], 2.0);
  EXPECT(y[0] == 0 && y[1] == 2);
  redo.replay();
  EXPECT(y[0] == 10 && y[1] == 20);

  // The undo log: a helper saves what it overwrites; rollback to the mark
  // restores exactly that, last saved first.
  double z[3] = {1, 2, 3};
  ad::UndoLog undo;
  unsigned long mark = undo.mark();
  undo.save(z[0]);
  z[0] = 100;
  undo.save(z[0]);
  z[0] = 200;
  undo.save_n(z + 1, 2);
  z[1] = z[2] = -1;
  undo.rollback(mark);
  EXPECT(z[0] == 1 && z[1] == 2 && z[2] == 3);
  // Rolled back through a redo log (the caller's memory), then replayed.
  undo.save(z[2]);
  z[2] = 30;
  ad::RedoLog redo2;
  undo.rollback(0, &redo2);
  EXPECT(z[2] == 3);
  redo2.replay();
  EXPECT(z[2] == 30);

  // Range helpers of the std::fill / std::copy rules.
  ad::Tape<double> tape;
  double r[3] = {4, 5, 6};
  ad::push_range(tape, r, 3);
  r[0] = r[1] = r[2] = 0;
  ad::pop_range(tape, r, 3);
  EXPECT(r[0] == 4 && r[2] == 6 && tape.empty());
  double shadow[3] = {1, 2, 3};
  EXPECT(ad::take_sum(shadow, 3) == 6 && shadow[1] == 0);

  std::printf("%s\n", failures ? "FAILED" : "OK");
  return failures ? 1 : 0;
}
