#include "models/xy2d/energy_gradient.hpp"

#include <cmath>
#include <cstddef>

#include "models/xy2d/plaquette.hpp"

namespace phaselearn::xy2d {

double energy_per_spin(std::span<const double> spins, int L, double J,
                       std::span<double> angle_gradient) {
  const std::size_t n = std::size_t(L) * L, side = std::size_t(L);
  const double* c = spins.data();
  const double* s = spins.data() + n;
  const bool gradient = !angle_gradient.empty();
  // Per site the sums of its four neighbours' cosines and sines, (C_i, S_i): then
  // Σ_<ij> S_i·S_j = ½ Σ_i (c_i C_i + s_i S_i) and ∂e/∂θ_i = (J/N)(s_i C_i − c_i S_i), one
  // pass with no scatter, the inner loop over the interior of a row vectorisable.
  double bonds = 0;
  const auto site = [&](std::size_t i, std::size_t left, std::size_t right, std::size_t up,
                        std::size_t down) {
    const double cn = c[left] + c[right] + c[up] + c[down];
    const double sn = s[left] + s[right] + s[up] + s[down];
    bonds += c[i] * cn + s[i] * sn;
    if (gradient) angle_gradient[i] = s[i] * cn - c[i] * sn;
  };
  for (std::size_t y = 0; y < side; ++y) {
    const std::size_t row = y * side, up = ((y + side - 1) % side) * side,
                      down = ((y + 1) % side) * side;
    site(row, row + side - 1, row + (1 % side), up, down);
    for (std::size_t x = 1; x + 1 < side; ++x)
      site(row + x, row + x - 1, row + x + 1, up + x, down + x);
    if (side > 1) site(row + side - 1, row + side - 2, row, up + side - 1, down + side - 1);
  }
  const double scale = J / double(n);
  if (gradient)
    for (double& g : angle_gradient) g *= scale;
  return -0.5 * scale * bonds;
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
