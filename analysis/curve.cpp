#include "analysis/curve.hpp"

#include <cmath>
#include <string>

#include "core/errors.hpp"

namespace phaselearn::analysis {

void validate_curve(const Curve& curve, const char* what) {
  const std::string name(what);
  if (curve.y.size() != curve.x.size() || curve.error.size() != curve.x.size())
    throw InputError(name + ": x, y and error have different lengths (" +
                     std::to_string(curve.x.size()) + ", " + std::to_string(curve.y.size()) +
                     ", " + std::to_string(curve.error.size()) + ")");
  for (std::size_t i = 0; i < curve.x.size(); ++i) {
    if (!std::isfinite(curve.x[i]) || !std::isfinite(curve.y[i]) ||
        !std::isfinite(curve.error[i]) || curve.error[i] < 0)
      throw InputError(name + ": non-finite value or negative error at point " +
                       std::to_string(i));
    if (i > 0 && !(curve.x[i] > curve.x[i - 1]))
      throw InputError(name + ": x is not strictly ascending at point " + std::to_string(i));
  }
}

}  // namespace phaselearn::analysis
