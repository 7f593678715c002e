// Classes that own their values through a pointer (test/gradients/
// owning_handles.cpp) are followed when they copy and free what they own,
// hold it in one public pointer member and say how much there is with
// `size() const`. What falls outside that is refused at the construct,
// saying what to write instead.
// RUN: %adxx -fsyntax-only -Xclang -verify %s

#include <utility>

// No size(): the generator cannot know how many values a shadow holds.
struct Unsized {
  int n = 0;
  double *v = nullptr;
  Unsized() = default;
  Unsized(const Unsized &o) : n(o.n), v(new double[o.n]) {
    for (int k = 0; k < n; ++k)
      v[k] = o.v[k];
  }
  ~Unsized() { delete[] v; }
  void make(int k) { v = new double[k]; n = k; } // expected-note {{here: it allocates memory with new ('Unsized' owns memory through 'v'; give it a public member `int size() const` returning how many values it holds, and ad follows it)}}
};
void fill(const double *x, Unsized *u) {
  u->make(1);
  u->v[0] = x[0];
}
[[ad::differentiate]]
double unsized(const double *x) {
  Unsized u;
  fill(x, &u); // expected-error {{cannot differentiate the call to 'fill', which changes state outside its arguments}}
  return u.v[0];
}

// A handle whose reallocating member also moves the values: what it does
// to them is not followed.
struct Growing {
  int n = 0;
  double *v = nullptr;
  Growing() = default;
  Growing(const Growing &o) : n(0), v(nullptr) { *this = o; }
  Growing &operator=(const Growing &o) {
    grow(o.n);
    for (int k = 0; k < n; ++k)
      v[k] = o.v[k];
    return *this;
  }
  ~Growing() { delete[] v; }
  int size() const { return n; }
  void grow(int k) {
    double *w = new double[k];
    for (int i = 0; i < n && i < k; ++i)
      w[i] = v[i];
    delete[] v;
    v = w;
    n = k;
  }
};
[[ad::differentiate]]
double growing(const double *x) {
  Growing g;
  g.grow(1); // expected-error {{cannot differentiate a call of 'grow', which reallocates the 'Growing' and also reads or writes its values; reallocate in one member function and set the values in another}}
  g.v[0] = x[0] * x[0];
  return g.v[0];
}

// A handle the generator follows, used in ways it refuses.
struct Buf {
  int n = 0;
  double *v = nullptr;
  Buf() = default;
  Buf(const Buf &o) : n(0), v(nullptr) { *this = o; }
  Buf &operator=(const Buf &o) {
    resize(o.n);
    for (int k = 0; k < n; ++k)
      v[k] = o.v[k];
    return *this;
  }
  Buf &operator=(Buf &&o) {
    std::swap(n, o.n);
    std::swap(v, o.v);
    return *this;
  }
  ~Buf() { delete[] v; }
  int size() const { return n; }
  void resize(int k) {
    if (k == n)
      return;
    delete[] v;
    v = new double[k];
    n = k;
  }
};

[[ad::differentiate]]
double moved(const double *x) {
  Buf a, b;
  a.resize(1);
  a.v[0] = x[0];
  b = std::move(a); // expected-error {{cannot differentiate moving a 'Buf' that holds active values; copy it (its shadow stays with the moved-from object)}}
  return b.v[0];
}

[[ad::differentiate]]
double through_pointer(const double *x) {
  Buf a;
  Buf *p = &a;
  p->resize(1); // expected-error {{cannot differentiate a call of 'resize' through a pointer to a 'Buf'; bind a reference first: `auto &m = *p; m.resize(...)`}}
  a.v[0] = x[0];
  return a.v[0];
}
