// A translation unit with no marked function: templates, lambdas,
// exceptions and the standard library.
#include <algorithm>
#include <map>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

template <typename T> struct Stats {
  std::vector<T> values;
  T mean() const {
    if (values.empty())
      throw std::invalid_argument("no values");
    return std::accumulate(values.begin(), values.end(), T()) / values.size();
  }
};

struct Shape {
  virtual ~Shape() = default;
  virtual double area() const = 0;
};
struct Square : Shape {
  double side;
  explicit Square(double s) : side(s) {}
  double area() const override { return side * side; }
};

int main(int argc, char **) {
  Stats<double> s{{1, 2, 3, double(argc)}};
  std::map<std::string, std::unique_ptr<Shape>> shapes;
  shapes["a"] = std::make_unique<Square>(2.0);
  auto by_area = [](const auto &a, const auto &b) { return a < b; };
  std::vector<double> areas;
  for (const auto &[name, shape] : shapes)
    areas.push_back(shape->area());
  std::sort(areas.begin(), areas.end(), by_area);
  try {
    return static_cast<int>(s.mean() + areas.front());
  } catch (const std::exception &e) {
    return 1;
  }
}
