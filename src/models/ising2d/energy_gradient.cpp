#include "models/ising2d/energy_gradient.hpp"

#include <cstddef>

namespace phaselearn::ising2d {

double energy_per_spin(std::span<const double> m, int L, double J, std::span<double> gradient) {
  const std::size_t n = std::size_t(L) * L;
  const bool with_gradient = !gradient.empty();
  if (with_gradient)
    for (double& g : gradient) g = 0;
  double bonds = 0;
  for (int y = 0; y < L; ++y) {
    const std::size_t row = std::size_t(y) * L, down = std::size_t((y + 1) % L) * L;
    for (int x = 0; x < L; ++x) {
      const std::size_t i = row + x;
      for (const std::size_t j : {row + std::size_t((x + 1) % L), down + x}) {
        bonds += m[i] * m[j];
        if (with_gradient) gradient[i] += m[j], gradient[j] += m[i];
      }
    }
  }
  const double scale = J / double(n);
  if (with_gradient)
    for (double& g : gradient) g *= -scale;
  return -scale * bonds;
}

}  // namespace phaselearn::ising2d
