#pragma once
// Plain value types shared by the estimators and fits.
#include <cstddef>
#include <vector>

namespace phaselearn::analysis {

struct Estimate {
  double value = 0;
  double error = 0;  // one standard deviation
};

// A measured curve y(x) ± error, x strictly ascending (e.g. an observable against T).
struct Curve {
  std::vector<double> x, y, error;
  std::size_t size() const { return x.size(); }
};

// One curve per lattice size, for finite-size scaling.
struct SizedCurve {
  double size = 0;  // linear size L
  Curve curve;
};

// Throws InputError unless x, y, error have equal lengths, x is strictly ascending and
// every value is finite; `what` names the curve in the message.
void validate_curve(const Curve& curve, const char* what);

}  // namespace phaselearn::analysis
