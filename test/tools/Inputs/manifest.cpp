#include <vector>
#include <array>
#include <cmath>
namespace ns {
[[ad::differentiate("p")]]
double nll(const double* p, const double* t, const double* e, int n) { double s=0; for(int i=0;i<n;++i) s+=e[i]*std::log(p[0]*t[i]); return s; }
}
[[ad::differentiate]]
void step(const std::vector<double>& x, double y[3], float& r, std::array<double,2> a, long k) { y[0]=x[0]*a[0]; r = 2*r; (void)k; }
template <class T> [[ad::differentiate]] T sq(T x) { return x*x; }
using real = double;
enum Mode { Fast, Exact };
[[ad::differentiate("x[n]", "c[3]")]]
real sized(const real* x, int n, const double* c, Mode mode) { return mode == Fast ? x[0] * c[2] : x[n - 1]; }
