#include "models/xy2d/energy_gradient.hpp"

#include <cmath>
#include <cstddef>

#include "models/xy2d/plaquette.hpp"

namespace phaselearn::xy2d {

double energy_per_spin(std::span<const double> spins, int L, double J,
                       std::span<double> angle_gradient) {
  const std::size_t n = std::size_t(L) * L;
  const double* c = spins.data();
  const double* s = spins.data() + n;
  const bool gradient = !angle_gradient.empty();
  if (gradient)
    for (double& g : angle_gradient) g = 0;
  double bonds = 0;
  for (int y = 0; y < L; ++y) {
    const std::size_t row = std::size_t(y) * L, down = std::size_t((y + 1) % L) * L;
    for (int x = 0; x < L; ++x) {
      const std::size_t i = row + x;
      // Each site's bond to the right and the one below: every bond once.
      for (const std::size_t j : {row + std::size_t((x + 1) % L), down + x}) {
        bonds += c[i] * c[j] + s[i] * s[j];
        if (gradient) {
          const double sine = s[i] * c[j] - c[i] * s[j];  // sin(θ_i − θ_j)
          angle_gradient[i] += sine;
          angle_gradient[j] -= sine;
        }
      }
    }
  }
  const double scale = J / double(n);
  if (gradient)
    for (double& g : angle_gradient) g *= scale;
  return -scale * bonds;
}

double vortex_density(std::span<const double> angles, int L) {
  const auto at = [&](int x, int y) { return angles[std::size_t((y + L) % L) * L + (x + L) % L]; };
  double windings = 0;
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; ++x)
      windings += models::plaquette_vorticity(at(x, y), at(x + 1, y), at(x + 1, y + 1), at(x, y + 1));
  return windings / (double(L) * L);
}

}  // namespace phaselearn::xy2d
